/** Image references as containerd reports them in containerStatuses (fully qualified, with a digest id). */
import {createHash} from 'node:crypto';

/** `busybox` → `docker.io/library/busybox:latest`; `calico/node:v3` → `docker.io/calico/node:v3`. */
export function qualifiedImage(image: string): string {
	const slash = image.indexOf('/');
	const first = slash === -1 ? '' : image.slice(0, slash);
	const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
	let name = hasRegistry ? image : `docker.io/${slash === -1 ? 'library/' : ''}${image}`;
	const lastSlash = name.lastIndexOf('/');
	if (!name.includes('@') && !name.slice(lastSlash).includes(':')) name += ':latest';
	return name;
}

/** `docker.io/library/busybox@sha256:…` (a stable made-up digest). */
export function imageId(image: string): string {
	const qualified = qualifiedImage(image);
	const repository = qualified.replace(/[:@][^/]*$/, '');
	return `${repository}@sha256:${createHash('sha256').update(qualified).digest('hex')}`;
}

/** kubelet's default pull policy: Always for `:latest` or untagged images, else IfNotPresent. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
	return qualifiedImage(image).endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

/** Does `image` match a fault pattern: `*` wildcards, compared with both the given and the qualified form. */
export function imageMatches(pattern: string, image: string): boolean {
	const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
	return regex.test(image) || regex.test(qualifiedImage(image));
}
