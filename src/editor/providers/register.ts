import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { DiagnosticsManager } from '../diagnostics';
import type { WorkspaceModel } from '../workspaceModel';
import { registerCodeActions } from './codeActions';
import { registerCompletion } from './completion';
import { registerHover } from './hover';
import { registerLinks } from './links';
import { registerNavigation } from './navigation';
import { registerSymbols } from './symbols';

/** Every language feature, owned by one disposable. */
export function registerLanguageFeatures(
  model: WorkspaceModel,
  diagnostics: DiagnosticsManager,
  log: Logger,
): vscode.Disposable {
  return vscode.Disposable.from(
    registerCompletion(model, log),
    registerHover(model, log),
    registerNavigation(model, log),
    registerSymbols(model, log),
    registerLinks(model, log),
    registerCodeActions(model, diagnostics, log),
  );
}
