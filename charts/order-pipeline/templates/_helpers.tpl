{{/*
Object names come from the release: <release>-<name> (e.g. shop-staging-storefront-api), so that
two releases can share a namespace or a cluster; a release named order-pipeline (the chart's own
name) names its objects <name>, exactly as k8s/ does (the manifest tests compare the two).
*/}}
{{- define "op.prefix" -}}
{{- if ne .Release.Name .Chart.Name -}}
{{- printf "%s-" (.Release.Name | trunc 30 | trimSuffix "-") -}}
{{- end -}}
{{- end }}

{{/* The name of one of the release's objects. Arguments: dict "ctx" $ "name" NAME */}}
{{- define "op.name" -}}
{{- printf "%s%s" (include "op.prefix" .ctx) .name | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* helm.sh/chart: the chart and its version, as the Helm convention writes it. */}}
{{- define "op.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/*
The recommended labels (app.kubernetes.io/*) of an object, the same set the kustomize overlays
write, and helm.sh/chart. Pod and claim templates take "op.templateLabels" instead: no
helm.sh/chart there, so that a new chart version rolls no pod and leaves the StatefulSet's
(immutable) claim templates alone.
Arguments: dict "ctx" $ "name" NAME "component" COMPONENT [ "version" VERSION ]
*/}}
{{- define "op.labels" -}}
{{ include "op.templateLabels" . }}
helm.sh/chart: {{ include "op.chart" .ctx }}
{{- end }}

{{- define "op.templateLabels" -}}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/part-of: order-pipeline
{{- with .version }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
{{- end }}

{{/*
A pod template's metadata: the template labels, and podLabels of the workload's values and the
chart-wide ones (never replacing the template labels); "annotations" (e.g. checksums), and
podAnnotations of the workload's values and the chart-wide ones, the former first.
Arguments: dict "ctx" $ "name" NAME "component" COMPONENT "version" VERSION "settings" WORKLOAD-VALUES [ "annotations" DICT ]
*/}}
{{- define "op.podMetadata" -}}
{{- $labels := include "op.templateLabels" . | fromYaml -}}
{{- $labels = merge $labels (deepCopy ((.settings).podLabels | default dict)) (deepCopy (.ctx.Values.podLabels | default dict)) -}}
{{- $annotations := merge (deepCopy (.annotations | default dict)) (deepCopy ((.settings).podAnnotations | default dict)) (deepCopy (.ctx.Values.podAnnotations | default dict)) -}}
labels:
  {{- toYaml $labels | nindent 2 }}
{{- with $annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Selector labels of a component: name + instance (immutable once deployed). */}}
{{- define "op.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- end }}

{{/*
Where a pod runs and what it pulls with: nodeSelector, tolerations and affinity of the workload's
values where given, else the chart-wide ones; imagePullSecrets chart-wide. Nothing where none is
set. Arguments: dict "ctx" $ "settings" WORKLOAD-VALUES
*/}}
{{- define "op.podPlacement" -}}
{{- $v := .ctx.Values -}}
{{- with .ctx.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with ((.settings).nodeSelector | default $v.nodeSelector) }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with ((.settings).tolerations | default $v.tolerations) }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with ((.settings).affinity | default $v.affinity) }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
The ServiceAccount a workload's pods run as: its serviceAccount.name, else the release's name of the
component. Arguments: dict "ctx" $ "name" NAME "settings" WORKLOAD-VALUES
*/}}
{{- define "op.serviceAccountName" -}}
{{- $sa := (.settings).serviceAccount | default dict -}}
{{- $sa.name | default (include "op.name" (dict "ctx" .ctx "name" .name)) -}}
{{- end }}

{{/*
A workload's ServiceAccount, unless serviceAccount.create is false (then one named
serviceAccount.name must exist). No API access: the token is not mounted.
Arguments: dict "ctx" $ "name" NAME "settings" WORKLOAD-VALUES "labels" LABELS
*/}}
{{- define "op.serviceAccount" -}}
{{- $sa := (.settings).serviceAccount | default dict -}}
{{- if ne $sa.create false }}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "op.serviceAccountName" . }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- .labels | nindent 4 }}
  {{- with $sa.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: false
{{- else if not $sa.name }}
{{- fail (printf "serviceAccount.name is required where serviceAccount.create is false (%s)" .name) }}
{{- end }}
{{- end }}

{{/* The image tag of the three services: image.tag, or the chart's appVersion. */}}
{{- define "op.tag" -}}
{{- .Values.image.tag | default .Chart.AppVersion -}}
{{- end }}

{{/* An image of the project: <image.registry>/<service>:<tag>. Argument: dict "ctx" $ "service" NAME */}}
{{- define "op.image" -}}
{{- $registry := required "image.registry is required: where the images built from this repository are, e.g. 111122223333.dkr.ecr.eu-west-1.amazonaws.com/order-pipeline (scripts/push-service-images.sh prints it)" .ctx.Values.image.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" $registry) .service (include "op.tag" .ctx) -}}
{{- end }}

{{/* The Kafka cluster's bootstrap address: kafka.bootstrapServers, else its Strimzi Service in this namespace. */}}
{{- define "op.kafkaBootstrap" -}}
{{- .Values.kafka.bootstrapServers | default (printf "%s-kafka-bootstrap.%s.svc:9093" .Values.kafka.cluster .Release.Namespace) -}}
{{- end }}

{{/* The seed of the services' MongoDB connection: the release's client Service. */}}
{{- define "op.mongodbHosts" -}}
{{- printf "%s.%s.svc:27017" (include "op.name" (dict "ctx" . "name" "mongodb")) .Release.Namespace -}}
{{- end }}

{{/*
A checksum of the values the chart's own Secrets (secrets.create) take from secrets.values for a
workload: a changed value rolls its pods. (Values generated at random are kept across upgrades,
so they never change.) Arguments: dict "ctx" $ "keys" LIST-OF-secrets.values-KEYS
*/}}
{{- define "op.secretsChecksum" -}}
{{- $given := dict -}}
{{- range .keys }}{{ $_ := set $given . (index ($.ctx.Values.secrets.values | default dict) . | default "") }}{{ end -}}
{{- toJson $given | sha256sum -}}
{{- end }}

{{/*
A ConfigMap's name with a suffix derived from its data, as kustomize's configMapGenerator names
them: a changed configuration gets a new name, so the pods that use it roll. (The suffix is the
chart's own hash; the manifest tests compare the chart with the overlays up to it.)
Arguments: dict "name" NAME "data" DATA
*/}}
{{- define "op.hashedName" -}}
{{- $hash := dict "data" .data "kind" "ConfigMap" "name" .name | toJson | sha256sum | trunc 10 -}}
{{- printf "%s-%s" .name ($hash | replace "0" "g" | replace "1" "h" | replace "3" "k" | replace "a" "m" | replace "e" "t") -}}
{{- end }}

{{/* The data of an env file of files/ (KEY=VALUE lines, # comments), as kustomize's configMapGenerator reads it. */}}
{{- define "op.envFile" -}}
{{- $data := dict -}}
{{- range $line := splitList "\n" (.ctx.Files.Get .file) -}}
{{- $l := trim $line -}}
{{- if and $l (not (hasPrefix "#" $l)) -}}
{{- $kv := regexSplit "=" $l 2 -}}
{{- $_ := set $data (index $kv 0) (index $kv 1) -}}
{{- end -}}
{{- end -}}
{{- toYaml $data -}}
{{- end }}

{{/* Labels of the monitoring objects: the recommended ones and the kube-prometheus-stack release. */}}
{{- define "op.monitoringLabels" -}}
{{ include "op.labels" (dict "ctx" .ctx "name" .name "component" "monitoring") }}
release: {{ .ctx.Values.monitoring.release }}
{{- end }}

{{/*
The volume with the CA of MongoDB's certificates (only ca.crt of the release's Secret mongodb-tls),
mounted at /etc/mongodb-ca by every MongoDB client: the services, the init Job, backup and restore.
Argument: the root context
*/}}
{{- define "op.mongodbCaVolume" -}}
- name: mongodb-ca
  secret:
    secretName: {{ include "op.name" (dict "ctx" . "name" "mongodb-tls") }}
    items:
      - key: ca.crt
        path: ca.crt
{{- end }}
