/**
 * Pod Security admission as the apiserver enforces it (`pod-security.kubernetes.io/enforce` on the
 * namespace), worded like k8s.io/pod-security-admission: baseline checks first, then restricted ones.
 * Covers the checks a node-debug pod can trip; not every field of the standard.
 */

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export const enforceLabel = 'pod-security.kubernetes.io/enforce';

type Record_ = Readonly<Record<string, unknown>>;

function asRecord(value: unknown): Record_ {
	return typeof value === 'object' && value !== null ? (value as Record_) : {};
}

function asArray(value: unknown): readonly unknown[] {
	return Array.isArray(value) ? value : [];
}

function quoteList(names: readonly string[]): string {
	return names.map((name) => `"${name}"`).join(', ');
}

function containersPhrase(names: readonly string[]): string {
	return `${names.length === 1 ? 'container' : 'containers'} ${quoteList(names)}`;
}

const baselineCapabilities = new Set([
	'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
	'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

type Container = {readonly name: string; readonly security: Record_};

function containersOf(spec: Record_): readonly Container[] {
	return [...asArray(spec['initContainers']), ...asArray(spec['containers'])].map((value) => {
		const container = asRecord(value);
		return {name: String(container['name'] ?? ''), security: asRecord(container['securityContext'])};
	});
}

function addedCapabilities(container: Container): readonly string[] {
	return asArray(asRecord(container.security['capabilities'])['add']).map(String);
}

function baselineViolations(spec: Record_, containers: readonly Container[]): string[] {
	const violations: string[] = [];
	const capabilityProblems = containers
		.map((container) => ({container, extra: addedCapabilities(container).filter((cap) => !baselineCapabilities.has(cap))}))
		.filter(({extra}) => extra.length > 0);
	if (capabilityProblems.length > 0) {
		const parts = capabilityProblems.map(
			({container, extra}) => `container "${container.name}" must not include ${quoteList(extra)} in securityContext.capabilities.add`,
		);
		violations.push(`non-default capabilities (${parts.join('; ')})`);
	}
	const hosts = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((field) => spec[field] === true);
	if (hosts.length > 0) violations.push(`host namespaces (${hosts.map((field) => `${field}=true`).join(', ')})`);
	const hostPaths = asArray(spec['volumes'])
		.map(asRecord)
		.filter((volume) => volume['hostPath'] !== undefined)
		.map((volume) => String(volume['name'] ?? ''));
	if (hostPaths.length > 0) {
		violations.push(`hostPath volumes (${hostPaths.length === 1 ? 'volume' : 'volumes'} ${quoteList(hostPaths)})`);
	}
	const privileged = containers.filter((container) => container.security['privileged'] === true).map((container) => container.name);
	if (privileged.length > 0) {
		violations.push(`privileged (${containersPhrase(privileged)} must not set securityContext.privileged=true)`);
	}
	return violations;
}

function restrictedViolations(spec: Record_, containers: readonly Container[]): string[] {
	const violations: string[] = [];
	const escalating = containers.filter((container) => container.security['allowPrivilegeEscalation'] !== false).map((container) => container.name);
	if (escalating.length > 0) {
		violations.push(`allowPrivilegeEscalation != false (${containersPhrase(escalating)} must set securityContext.allowPrivilegeEscalation=false)`);
	}
	const notDropping = containers
		.filter((container) => !asArray(asRecord(container.security['capabilities'])['drop']).includes('ALL'))
		.map((container) => container.name);
	const adding = containers
		.map((container) => ({container, extra: addedCapabilities(container).filter((cap) => cap !== 'NET_BIND_SERVICE')}))
		.filter(({extra}) => extra.length > 0);
	if (notDropping.length > 0 || adding.length > 0) {
		const parts = [
			...(notDropping.length > 0 ? [`${containersPhrase(notDropping)} must set securityContext.capabilities.drop=["ALL"]`] : []),
			...adding.map(({container, extra}) => `container "${container.name}" must not include ${quoteList(extra)} in securityContext.capabilities.add`),
		];
		violations.push(`unrestricted capabilities (${parts.join('; ')})`);
	}
	const hostPaths = asArray(spec['volumes'])
		.map(asRecord)
		.filter((volume) => volume['hostPath'] !== undefined)
		.map((volume) => String(volume['name'] ?? ''));
	if (hostPaths.length > 0) {
		const one = hostPaths.length === 1;
		violations.push(`restricted volume types (${one ? 'volume' : 'volumes'} ${quoteList(hostPaths)} ${one ? 'uses' : 'use'} restricted volume type "hostPath")`);
	}
	const podSecurity = asRecord(spec['securityContext']);
	if (podSecurity['runAsNonRoot'] !== true) {
		const missing = containers.filter((container) => container.security['runAsNonRoot'] !== true).map((container) => container.name);
		if (missing.length > 0) {
			violations.push(`runAsNonRoot != true (pod or ${containersPhrase(missing)} must set securityContext.runAsNonRoot=true)`);
		}
	}
	const rootContainers = containers.filter((container) => container.security['runAsUser'] === 0).map((container) => container.name);
	const rootSetters = [
		...(podSecurity['runAsUser'] === 0 ? ['pod'] : []),
		...(rootContainers.length > 0 ? [containersPhrase(rootContainers)] : []),
	];
	if (rootSetters.length > 0) violations.push(`runAsUser=0 (${rootSetters.join(' and ')} must not set runAsUser=0)`);
	const seccompType = (security: Record_): unknown => asRecord(security['seccompProfile'])['type'];
	const allowed = (type: unknown): boolean => type === 'RuntimeDefault' || type === 'Localhost';
	if (!allowed(seccompType(podSecurity))) {
		const missing = containers.filter((container) => !allowed(seccompType(container.security))).map((container) => container.name);
		if (missing.length > 0) {
			violations.push(
				`seccompProfile (pod or ${containersPhrase(missing)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
			);
		}
	}
	return violations;
}

/** The Forbidden reason for this pod spec under `level`, or null when admitted. */
export function podSecurityViolation(level: PodSecurityLevel, spec: unknown): string | null {
	if (level === 'privileged') return null;
	const record = asRecord(spec);
	const containers = containersOf(record);
	const violations = [
		...baselineViolations(record, containers),
		...(level === 'restricted' ? restrictedViolations(record, containers) : []),
	];
	return violations.length === 0 ? null : `violates PodSecurity "${level}:latest": ${violations.join(', ')}`;
}

export function parseLevel(value: unknown): PodSecurityLevel {
	return value === 'baseline' || value === 'restricted' ? value : 'privileged';
}
