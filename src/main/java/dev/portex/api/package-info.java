/**
 * What your own code implements for portex to run: {@link dev.portex.api.DocumentSender}, your HTTP sender as your
 * application sends (a new client per document, or one shared client), and {@link dev.portex.api.PortexException},
 * what portex throws when a run cannot be made (no Docker engine, a port range the namespace refuses), with the fix in
 * its message.
 *
 * <p>Public API: kept compatible within a major version (checked by japicmp in the release build). Everything under
 * {@code dev.portex.internal} is not, and may change in any release.
 */
package dev.portex.api;
