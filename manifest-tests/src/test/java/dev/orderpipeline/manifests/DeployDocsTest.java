package dev.orderpipeline.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

/** docs/deploy.md tells operators what the manifests expect of them. */
class DeployDocsTest {

    @Test
    void deployGuideNamesWhatTheOperatorProvides() throws Exception {
        String doc = Files.readString(Repo.DEPLOY_DOC);
        for (String secret : Policies.Profile.EKS.operatorSecrets) {
            assertThat(doc).as("docs/deploy.md explains how to create Secret %s", secret).contains(secret);
        }
        assertThat(doc).contains("Strimzi " + StrimziSchemaTest.STRIMZI_VERSION)
                .contains("StrimziPodSet")
                .contains("kubectl get pods,pvc")
                .contains("k8s/overlays/eks")
                .contains("strimzi/overlays/eks")
                .contains("aws-ebs-csi-driver");
    }
}
