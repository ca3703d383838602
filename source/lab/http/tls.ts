/**
 * A certificate authority made at start and a server certificate it signs (SAN IP 127.0.0.1 and DNS
 * localhost), so kubectl (Go) and client-node (OpenSSL) verify the lab like any cluster through
 * `certificate-authority-data`. EC P-256 keys: milliseconds to make.
 */
import {generate} from 'selfsigned';

export type LabCertificates = {readonly caCert: string; readonly cert: string; readonly key: string};

export async function makeCertificates(now = new Date()): Promise<LabCertificates> {
	const notBeforeDate = new Date(now.getTime() - 60 * 60 * 1000);
	const notAfterDate = new Date(now.getTime() + 365 * 24 * 60 * 60 * 1000);
	const ca = await generate([{name: 'commonName', value: 'netinspect-lab-ca'}], {
		keyType: 'ec',
		algorithm: 'sha256',
		notBeforeDate,
		notAfterDate,
		extensions: [
			{name: 'basicConstraints', cA: true, critical: true},
			{name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true},
		],
	});
	const leaf = await generate([{name: 'commonName', value: 'netinspect-lab'}], {
		keyType: 'ec',
		algorithm: 'sha256',
		notBeforeDate,
		notAfterDate,
		ca: {key: ca.private, cert: ca.cert},
		extensions: [
			{name: 'basicConstraints', cA: false},
			{name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
			{name: 'extKeyUsage', serverAuth: true},
			{
				name: 'subjectAltName',
				altNames: [
					{type: 2, value: 'localhost'},
					{type: 7, ip: '127.0.0.1'},
				],
			},
		],
	});
	return {caCert: ca.cert, cert: leaf.cert, key: leaf.private};
}
