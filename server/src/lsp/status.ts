import { NotificationType } from './protocol';
import type { Connection } from 'vscode-languageserver';
import type { BaseStatus } from './git-base';

/**
 * `uapiLint/status`, a notification from the server to the client after each analysis of a
 * document, and as the workspace index grows: the VS Code client shows the counts in its status
 * bar. Other clients may ignore it.
 */
export interface StatusParams {
  /** The document just analysed (absent when only the index's counts changed). */
  uri?: string;
  /** The ioctls the document itself defines. */
  ioctls?: number;
  /** The workspace index: headers indexed, the ioctls they define, headers still to do. */
  index?: IndexStatus;
  /** The git base the document is reviewed against, or why there is none. */
  base?: BaseStatus;
}

export interface IndexStatus {
  headers: number;
  ioctls: number;
  pending: number;
}

export const StatusNotification = new NotificationType<StatusParams>('uapiLint/status');

export function sendStatus(connection: Connection, params: StatusParams): Promise<void> {
  return connection.sendNotification(StatusNotification, params);
}
