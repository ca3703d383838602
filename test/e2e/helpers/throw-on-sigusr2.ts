/**
 * Test-only preload (`node --import ./test/e2e/helpers/throw-on-sigusr2.ts ...`): on SIGUSR2 the process
 * throws an error nobody catches, so the e2e test can check what an uncaught exception does to the debug
 * pods without a fault hook in the product.
 */
process.on('SIGUSR2', () => {
	setImmediate(() => {
		throw new Error('uncaught error injected by the e2e test (SIGUSR2)');
	});
});
