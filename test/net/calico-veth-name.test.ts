import {describe, expect, it} from 'vitest';
import {calicoVethName} from '../../source/net/calico-veth-name.js';

describe('calicoVethName', () => {
	it('matches the seed devices of worker2 (real Calico names)', () => {
		expect(calicoVethName('default', 'hello-world-7c64bd9f6b-tpnrz')).toBe('cali52440ec1550');
		expect(calicoVethName('kube-system', 'coredns-558bd4d5db-k4j7g')).toBe('cali7dac2757ae1');
	});

	it('honours another interface prefix and stays within IFNAMSIZ with the default one', () => {
		const name = calicoVethName('default', 'hello-world-7c64bd9f6b-tpnrz', 'vxl');
		expect(name).toBe('vxl52440ec1550');
		expect(calicoVethName('a', 'b')).toHaveLength(15);
	});

	it('depends on the namespace', () => {
		expect(calicoVethName('other', 'hello-world-7c64bd9f6b-tpnrz')).not.toBe('cali52440ec1550');
	});
});
