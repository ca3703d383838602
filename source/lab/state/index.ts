/** The lab's cluster state: what lab/http/ serves and `netinspect lab` runs. */
export {createLabCluster, type LabClusterHandle, type LabClusterOptions} from './create-lab-cluster.js';
export type {ClusterFaults, ExecFault} from './faults.js';
export type {CommandOutput, KernelInput, KernelPort} from './kernel-port.js';
export type {PodSecurityLevel} from './pod-security.js';
export {generateTopology, type GenerateOptions} from './topology-generate.js';
export {seedTopology} from './topology-seed.js';
export {withCni} from './topology-cni.js';
export type {LabPodSeed, LabReplicaSetSeed, LabTopology} from './topology.js';
