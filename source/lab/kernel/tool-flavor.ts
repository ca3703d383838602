/**
 * Which tools an image ships decides what `route` and `ip` print: BusyBox applets in busybox (and alpine,
 * whose `route` and `ip` are BusyBox), net-tools 2.10 and iproute2 6.1 elsewhere.
 */
export type ToolFlavor = 'gnu' | 'busybox';

/** `docker.io/library/busybox:1.36@sha256:…` → `busybox`. */
function repositoryName(image: string): string {
	const withoutDigest = image.split('@')[0] ?? image;
	const last = withoutDigest.split('/').pop() ?? withoutDigest;
	return (last.split(':')[0] ?? last).toLowerCase();
}

export function imageFlavor(image: string): ToolFlavor {
	const name = repositoryName(image);
	return name === 'busybox' || name === 'alpine' ? 'busybox' : 'gnu';
}
