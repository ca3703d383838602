/** Small text formats for the screen: ages and the spinner. */
export function formatAge(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	if (seconds < 60) {
		return `${seconds}s`;
	}
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) {
		return `${minutes}m${seconds % 60 === 0 ? '' : `${seconds % 60}s`}`;
	}
	const hours = Math.floor(minutes / 60);
	return hours < 48 ? `${hours}h${minutes % 60 === 0 ? '' : `${minutes % 60}m`}` : `${Math.floor(hours / 24)}d`;
}

const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** The spinner frame for a moment in time (10 frames a second). */
export function spinnerFrame(now: number): string {
	return spinnerFrames[Math.floor(now / 100) % spinnerFrames.length] ?? '⠋';
}
