package dev.orderpipeline.manifests;

import java.nio.file.Path;

/** Everything an operator (or a test variant) renders with kubectl kustomize. */
enum Target {
    K8S_EKS(Repo.K8S.resolve("overlays/eks"), Policies.Profile.EKS, true),
    K8S_LOCAL(Repo.K8S.resolve("overlays/local"), Policies.Profile.LOCAL, true),
    /** eks overlay + components/loadbalancer (test-only kustomization). */
    K8S_EKS_LOADBALANCER(Repo.TEST_KUSTOMIZATIONS.resolve("eks-loadbalancer"), Policies.Profile.EKS, true),
    /** local overlay + components/loadbalancer (test-only kustomization). */
    K8S_LOCAL_LOADBALANCER(Repo.TEST_KUSTOMIZATIONS.resolve("local-loadbalancer"), Policies.Profile.LOCAL, true),
    /** an operator's own overlay on top of eks, as docs/deploy.md shows it (test-only kustomization). */
    K8S_EKS_OWN_OVERLAY(Repo.TEST_KUSTOMIZATIONS.resolve("eks-own-overlay"), Policies.Profile.EKS, true),
    /** eks overlay + components/keda + components/monitoring (test-only kustomization). */
    K8S_EKS_KEDA_MONITORING(Repo.TEST_KUSTOMIZATIONS.resolve("eks-keda-monitoring"), Policies.Profile.EKS, true),
    /** local overlay + components/keda + components/monitoring (test-only kustomization). */
    K8S_LOCAL_KEDA_MONITORING(Repo.TEST_KUSTOMIZATIONS.resolve("local-keda-monitoring"), Policies.Profile.LOCAL, true),
    /** cluster-scoped objects for EKS (namespace, gp3 StorageClass), applied once by a cluster admin. */
    CLUSTER_EKS(Repo.K8S.resolve("cluster/eks"), Policies.Profile.EKS, false),
    /** cluster-scoped objects for kind/minikube (the namespace). */
    CLUSTER_LOCAL(Repo.K8S.resolve("cluster/local"), Policies.Profile.LOCAL, false),
    STRIMZI_EKS(Repo.STRIMZI.resolve("overlays/eks"), Policies.Profile.EKS, false),
    STRIMZI_LOCAL(Repo.STRIMZI.resolve("overlays/local"), Policies.Profile.LOCAL, false);

    final Path dir;
    final Policies.Profile profile;
    /** An application target of k8s/ (not the cluster-scoped k8s/cluster, not strimzi/). */
    final boolean k8s;

    Target(Path dir, Policies.Profile profile, boolean k8s) {
        this.dir = dir;
        this.profile = profile;
        this.k8s = k8s;
    }

    /** The Strimzi target of the same environment (its KafkaUsers and CA Secret are what the pods reference). */
    Target strimzi() {
        return profile == Policies.Profile.EKS ? STRIMZI_EKS : STRIMZI_LOCAL;
    }

    boolean cluster() {
        return name().startsWith("CLUSTER_");
    }

    Manifests render() {
        Kubectl.assumeAvailable();
        return Manifests.render(dir);
    }
}
