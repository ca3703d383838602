import {describe, expect, it} from 'vitest';
import {podSecurityViolation} from '../../../source/lab/state/pod-security.js';

/** What `kubectl debug node/X` creates (notes §5.3). */
const debugSpec = {
	nodeName: 'networking-worker2',
	hostNetwork: true,
	hostPID: true,
	hostIPC: true,
	volumes: [{name: 'host-root', hostPath: {path: '/'}}],
	containers: [{name: 'debugger', image: 'busybox', command: ['route', '-n']}],
};

describe('podSecurityViolation', () => {
	it('admits everything under privileged', () => {
		expect(podSecurityViolation('privileged', debugSpec)).toBeNull();
	});

	it('words baseline violations as pod-security-admission does', () => {
		expect(podSecurityViolation('baseline', debugSpec)).toBe(
			'violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true, hostPID=true, hostIPC=true), hostPath volumes (volume "host-root")',
		);
		expect(podSecurityViolation('baseline', {containers: [{name: 'a', image: 'x'}]})).toBeNull();
		expect(
			podSecurityViolation('baseline', {
				containers: [{name: 'a', image: 'x', securityContext: {privileged: true, capabilities: {add: ['NET_ADMIN', 'CHOWN']}}}],
			}),
		).toBe(
			'violates PodSecurity "baseline:latest": non-default capabilities (container "a" must not include "NET_ADMIN" in securityContext.capabilities.add), privileged (container "a" must not set securityContext.privileged=true)',
		);
	});

	it('adds the restricted checks after the baseline ones', () => {
		expect(podSecurityViolation('restricted', {hostNetwork: true, containers: [{name: 'nginx', image: 'nginx'}]})).toBe(
			'violates PodSecurity "restricted:latest": host namespaces (hostNetwork=true), allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
		);
		expect(podSecurityViolation('restricted', debugSpec)).toContain('restricted volume types (volume "host-root" uses restricted volume type "hostPath")');
	});

	it('refuses runAsUser=0 under restricted, on the pod or a container', () => {
		const spec = {
			securityContext: {runAsNonRoot: true, runAsUser: 0, seccompProfile: {type: 'RuntimeDefault'}},
			containers: [{name: 'a', image: 'x', securityContext: {runAsUser: 0, allowPrivilegeEscalation: false, capabilities: {drop: ['ALL']}}}],
		};
		expect(podSecurityViolation('restricted', spec)).toBe(
			'violates PodSecurity "restricted:latest": runAsUser=0 (pod and container "a" must not set runAsUser=0)',
		);
		expect(podSecurityViolation('baseline', spec)).toBeNull();
	});

	it('admits a compliant pod under restricted', () => {
		const spec = {
			securityContext: {runAsNonRoot: true, seccompProfile: {type: 'RuntimeDefault'}},
			containers: [{name: 'a', image: 'x', securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: ['ALL']}}}],
		};
		expect(podSecurityViolation('restricted', spec)).toBeNull();
	});
});
