/**
 * Tests of the deployment artefacts (docker/, k8s/): they check the files the operators apply, and
 * the container image end to end where a Docker engine is available.
 */
package io.qualitymonitor.deploy;
