/**
 * Random name suffixes as the apiserver makes them for generateName and ReplicaSets make them for pods:
 * characters from k8s.io/apimachinery/pkg/util/rand (no vowels, no look-alikes).
 */
import {randomInt} from 'node:crypto';

export const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** `length` random characters; `randomIndex` is injectable for deterministic generators. */
export function nameSuffix(length = 5, randomIndex: (bound: number) => number = randomInt): string {
	let text = '';
	for (let i = 0; i < length; i++) text += suffixAlphabet[randomIndex(suffixAlphabet.length)]!;
	return text;
}

/** A pod-template-hash like ReplicaSets carry (10 characters of the same alphabet). */
export function templateHash(randomIndex: (bound: number) => number = randomInt): string {
	return nameSuffix(10, randomIndex);
}
