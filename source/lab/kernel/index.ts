/** The lab nodes' simulated kernels: derive a node's routes and devices, and print them as the real tools do. */
export {deriveNodeKernel, linkLocalFromMac, eth0Ifindex, routeNFlags} from './node-kernel.js';
export type {KernelLink, NodeKernel, NodeKernelInput} from './node-kernel.js';
export {imageFlavor} from './tool-flavor.js';
export type {ToolFlavor} from './tool-flavor.js';
export {runNodeCommand} from './run-node-command.js';
export type {CommandOutcome} from './run-node-command.js';
export {renderProcNetRoute, renderRouteN, renderRouteNInet6} from './render-route-n.js';
export type {RouteNOptions} from './render-route-n.js';
export {renderIpRoute, renderIpRouteJson, listedRoutes} from './render-ip-route.js';
export type {IpRouteOptions} from './render-ip-route.js';
export {renderIpAddr, renderIpAddrJson, renderIpLinkJson} from './render-ip-addr.js';
export {renderIpRule, renderIpRuleJson, listedRules} from './render-ip-rule.js';
export {sysctlFiles} from './render-sysctl.js';
export type {IpAddrOptions} from './render-ip-addr.js';
export {calicoVethName} from './veth-name.js';
