/** The web app's single diagnostics sink (the browser console): problems the UI also shows, for the operator's F12. */
export function warn(message: string): void {
  // eslint-disable-next-line no-console
  console.warn(`[tianyan] ${message}`);
}
