import type { IPodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import type { IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";

export type monitoring_coreos_com_v1_PodMonitor = IPodMonitor;
export type monitoring_coreos_com_v1_ServiceMonitor = IServiceMonitor;
export type monitoring_coreos_com_v1_PrometheusRule = IPrometheusRule;
