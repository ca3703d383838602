import {describe, expect, it} from 'vitest';
import {describePath} from '../../source/net/describe-path.js';
import {judgePods} from '../../source/state/judge-pods.js';
import {helloWorker2Veth, seedNodeRows, seedPodRows, worker2Interfaces, worker2Routes} from '../ui/helpers/seed-data.js';

describe('judgePods', () => {
	it("judges the seed's pods from networking-worker2 as the seed explains them", () => {
		const worker2 = seedNodeRows.find(node => node.name === 'networking-worker2')!;
		const verdicts = judgePods({
			node: worker2.cluster,
			routes: worker2Routes,
			interfaces: worker2Interfaces,
			nodes: seedNodeRows.map(node => node.cluster),
			pods: seedPodRows.map(pod => pod.cluster),
		});
		const path = (ip: string): string => describePath(verdicts.find(verdict => verdict.ip === ip)!);
		expect(path('192.168.175.5')).toBe(`${helloWorker2Veth} (local)`);
		expect(path('192.168.21.132')).toBe('tunl0 → networking-worker3');
		expect(path('192.168.78.132')).toBe('tunl0 → networking-worker');
	});
});
