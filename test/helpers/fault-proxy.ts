/** The shaping proxy lives with the screenshot tools, which use it for the thin-link picture; tests take it from there. */
export { FaultProxy, type Faults } from '../../dashboard/tools/shots/fault-proxy.js';
