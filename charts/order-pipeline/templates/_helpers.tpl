{{/*
The recommended labels (app.kubernetes.io/*), the same set the kustomize overlays write.
Arguments: dict "ctx" $ "name" NAME "component" COMPONENT [ "version" VERSION ]
*/}}
{{- define "op.labels" -}}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/part-of: order-pipeline
{{- with .version }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
{{- end }}

{{/* Selector labels of a component: name + instance (immutable once deployed). */}}
{{- define "op.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- end }}

{{/* The image tag of the three services: image.tag, or the chart's appVersion. */}}
{{- define "op.tag" -}}
{{- .Values.image.tag | default .Chart.AppVersion -}}
{{- end }}

{{/* An image of the project: <image.registry>/<service>:<tag>. Argument: dict "ctx" $ "service" NAME */}}
{{- define "op.image" -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .ctx.Values.image.registry) .service (include "op.tag" .ctx) -}}
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

{{/* The chart renders into one namespace and one release name, the ones strimzi/ and the NetworkPolicies name. */}}
{{- define "op.check" -}}
{{- if ne .Release.Namespace "order-pipeline" -}}
{{- fail "install into namespace order-pipeline (helm install ... --namespace order-pipeline): the Kafka cluster of strimzi/, its KafkaUsers' Secrets and the services' addresses live there" -}}
{{- end -}}
{{- if ne .Release.Name "order-pipeline" -}}
{{- fail "name the release order-pipeline (helm install order-pipeline ...): the Kafka listener's networkPolicyPeers (strimzi/base/kafka.yaml) admit pods with app.kubernetes.io/instance: order-pipeline" -}}
{{- end -}}
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
