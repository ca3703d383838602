/** HTTPS requests to a running lab, trusting its CA from the kubeconfig it wrote. */
import {readFileSync} from 'node:fs';
import {request as httpsRequest} from 'node:https';
import {parse} from 'yaml';
import type {RunningLab} from '../../../../source/lab/index.js';

export function labCa(lab: RunningLab): string {
	const config = parse(readFileSync(lab.kubeconfigPath, 'utf8')) as {clusters: {cluster: {'certificate-authority-data': string}}[]};
	return Buffer.from(config.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64').toString('utf8');
}

export type LabResponse = {readonly status: number; readonly headers: Record<string, string | string[] | undefined>; readonly text: string; readonly json: () => any};

export async function call(
	lab: RunningLab,
	path: string,
	options: {method?: string; headers?: Record<string, string>; body?: string | Uint8Array; token?: string | null} = {},
): Promise<LabResponse> {
	const url = new URL(path, lab.url);
	const token = options.token === undefined ? lab.token : options.token;
	return new Promise((resolve, reject) => {
		const request = httpsRequest(
			url,
			{
				method: options.method ?? 'GET',
				ca: labCa(lab),
				headers: {
					...(token === null ? {} : {Authorization: `Bearer ${token}`}),
					...(options.body === undefined ? {} : {'Content-Length': String(Buffer.byteLength(options.body))}),
					...options.headers,
				},
			},
			response => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					resolve({status: response.statusCode ?? 0, headers: response.headers, text, json: () => JSON.parse(text)});
				});
				response.on('error', reject);
			},
		);
		request.on('error', reject);
		request.end(options.body);
	});
}

/** Opens a watch and collects its JSON lines until `until(lines)` holds or the stream ends. */
export async function watchLines(
	lab: RunningLab,
	path: string,
	until: (lines: readonly any[]) => boolean,
	options: {headers?: Record<string, string>; onOpen?: () => void} = {},
): Promise<{lines: any[]; ended: 'condition' | 'end' | 'error'}> {
	const url = new URL(path, lab.url);
	return new Promise((resolve, reject) => {
		const lines: any[] = [];
		let buffer = '';
		let settled = false;
		const request = httpsRequest(url, {ca: labCa(lab), headers: {Authorization: `Bearer ${lab.token}`, ...options.headers}}, response => {
			if (response.statusCode !== 200) reject(new Error(`watch answered ${response.statusCode}`));
			options.onOpen?.();
			const finish = (ended: 'condition' | 'end' | 'error') => {
				if (settled) return;
				settled = true;
				request.destroy();
				resolve({lines, ended});
			};
			if (until(lines)) finish('condition');
			response.on('data', (chunk: Buffer) => {
				buffer += chunk.toString('utf8');
				let index: number;
				while ((index = buffer.indexOf('\n')) >= 0) {
					lines.push(JSON.parse(buffer.slice(0, index)));
					buffer = buffer.slice(index + 1);
				}
				if (until(lines)) finish('condition');
			});
			response.on('end', () => finish('end'));
			response.on('error', () => finish('error'));
			response.on('aborted', () => finish('error'));
		});
		request.on('error', () => {
			if (!settled) {
				settled = true;
				resolve({lines, ended: 'error'});
			}
		});
		request.end();
	});
}
