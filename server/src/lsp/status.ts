import { NotificationType, type Connection } from 'vscode-languageserver';

/**
 * `uapiLint/status`, a notification from the server to the client after each analysis of a
 * document: the VS Code client shows the count in its status bar. Other clients may ignore it.
 */
export interface StatusParams {
  uri: string;
  /** The ioctls the document itself defines. */
  ioctls: number;
}

export const StatusNotification = new NotificationType<StatusParams>('uapiLint/status');

export function sendStatus(connection: Connection, params: StatusParams): Promise<void> {
  return connection.sendNotification(StatusNotification, params);
}
