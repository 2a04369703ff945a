import type { INestApplication } from '@nestjs/common';
import type { IncomingMessage, Server } from 'node:http';
import { listen, type IServices, type Server as SoapServer } from 'soap';
import { FaultInjector } from '../../common/fault-injector.service';
import { RecordStore } from '../../common/record-store.service';
import { installNcGate } from './yonyou-nc-gate';
import { YonyouNcFaultsService } from './yonyou-nc-faults.service';
import { NC_DEMO_OPERATIONS, ncServices, urcHeader, type NcCall } from './yonyou-nc-services';
import { YonyouNcStateService } from './yonyou-nc-state.service';
import { buildNcWsdl } from './yonyou-nc-wsdl';
import { NC_DEMO_INTERFACE, NC_SERVICE_PATH } from './yonyou-nc.types';

function listenSoap(server: Server, path: string, services: IServices, xml: string): Promise<SoapServer> {
  return new Promise((resolve, reject) => {
    let soapServer: SoapServer | undefined = undefined;
    // The callback runs once the WSDL is parsed; defer so `soapServer` is assigned even if that is immediate.
    soapServer = listen(server, { path, services, xml, callback: (err: unknown) => (err ? reject(err) : setImmediate(() => resolve(soapServer as SoapServer))) });
  });
}

/**
 * Mounts the simulated NC on the sandbox's node HTTP server, before it listens: the demo interface's WSDL at
 * `/uapws/service/<FQN>?wsdl` and its SOAP endpoint at `/uapws/service/<FQN>` through `soap.listen` (which hands
 * every other path on to Fastify), with the NC gate in front for faults and records.
 */
export async function mountYonyouNc(app: INestApplication, server: Server): Promise<void> {
  const state = app.get(YonyouNcStateService);
  const calls = new WeakMap<IncomingMessage, NcCall>();
  const services = ncServices(NC_DEMO_INTERFACE, state, () => state.settings, calls);
  const path = `${NC_SERVICE_PATH}/${NC_DEMO_INTERFACE}`;
  const soapServer = await listenSoap(server, path, services, buildNcWsdl(NC_DEMO_INTERFACE, NC_DEMO_OPERATIONS));
  // The seed is fixed for the app's life (reset reloads the same one), so the answer header is set once.
  if (state.settings.urc) soapServer.addSoapHeader(urcHeader(state.settings.urc));
  installNcGate(server, { served: [path], faults: app.get(YonyouNcFaultsService), shared: app.get(FaultInjector), records: app.get(RecordStore), calls });
}
