import {describe, expect, it} from 'vitest';
import {imageMatches, qualifiedImage} from '../../../source/lab/state/container-image.js';

describe('container images', () => {
	it('qualifies images as containerd reports them and matches fault patterns', () => {
		expect(qualifiedImage('busybox')).toBe('docker.io/library/busybox:latest');
		expect(qualifiedImage('calico/node:v3.21.6')).toBe('docker.io/calico/node:v3.21.6');
		expect(qualifiedImage('registry.k8s.io/etcd:3.5.16-0')).toBe('registry.k8s.io/etcd:3.5.16-0');
		expect(qualifiedImage('localhost:5000/x')).toBe('localhost:5000/x:latest');
		expect(imageMatches('busybox*', 'busybox:1.36')).toBe(true);
		expect(imageMatches('*busybox:latest', 'busybox')).toBe(true);
		expect(imageMatches('nginx', 'busybox')).toBe(false);
	});
});
