/** A byte count as people read it in progress messages: "812 KB", "12.3 MB", "1.2 GB" (powers of 1024). */
export function formatBytes(bytes: number): string {
	const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return unit === 0 ? `${value} ${units[0]}` : `${value.toFixed(unit === 1 ? 0 : 1)} ${units[unit]}`;
}
