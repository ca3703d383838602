/**
 * One short phrase for where a verdict sends an IP, as the PATH column and `analyze` print it:
 * `cali52440ec1550 (local)`, `tunl0 → networking-worker3`, `eth0 → 172.20.0.4`, `blackhole`, `default route`.
 */
import type {Verdict} from './types.js';

export function describePath(verdict: Verdict): string {
	const device = verdict.interface ?? '?';
	const hop = verdict.nextHopNode ?? verdict.gateway;
	switch (verdict.outcome) {
		case 'local-address': {
			return verdict.interface ? `${verdict.interface} (this node)` : 'this node';
		}
		case 'local-pod': {
			return `${device} (local)`;
		}
		case 'tunnel-to-node':
		case 'direct-to-node':
		case 'via-gateway': {
			return hop ? `${device} → ${hop}` : device;
		}
		case 'on-link': {
			return `${device} (on-link)`;
		}
		case 'cni-datapath': {
			return `${device} (datapath)`;
		}
		case 'via-default': {
			return hop ? `default route → ${hop}` : 'default route';
		}
		case 'no-route': {
			return 'no route';
		}
		case 'blackhole':
		case 'unreachable':
		case 'prohibit': {
			return verdict.outcome;
		}
	}
}
