// Built-in runbooks of walk group c, end to end (see tests/helpers/runbook-walk.ts).
import { walkRunbooks } from '../helpers/runbook-walk.js';

walkRunbooks('c');
