/**
 * The field-once mapping language, as mapping files import it: kinds (./kinds), tables
 * (./tables) and settings resources (./settings-resource). Collections are in
 * ./define-collection, lists in ./define-list.
 */
export { kind, type BothKind, type ItemField, type Kind, type ReadKind, type WriteKind } from './kinds';
export type { OperationText } from './operation-text';
export type { ResponseOf } from './schema-commands';
export {
  settingsResource,
  type Field,
  type ReadSide,
  type SettingsResource,
  type WriteSide,
} from './settings-resource';
export {
  table,
  type Cell,
  type FanOut,
  type ResultOut,
  type ResultPath,
  type RowCheck,
  type RowFields,
} from './tables';
