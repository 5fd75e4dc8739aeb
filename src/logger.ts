/** The logging surface the pure modules receive; the editor layer backs it with the output channel. */
export interface Logger {
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
}
