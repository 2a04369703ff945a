import { NC_SERVICE_PATH } from './yonyou-nc.types';

/** One operation of a published interface: its string arguments, in order; it returns one string. */
export interface NcWsdlOperation {
  name: string;
  args: string[];
}

/**
 * NC names a service's namespace after the Java interface: `http://` + the package reversed + `/` + the simple name
 * (`nc.itf.ztwzj.sapitf.IWS_NC_SAPBill` → `http://sapitf.ztwzj.itf.nc/IWS_NC_SAPBill`, vectors/yonyou-nc-wsdl).
 */
export function ncNamespace(fqn: string): string {
  const parts = fqn.split('.');
  const simple = parts.pop() as string;
  return `http://${parts.reverse().join('.')}/${simple}`;
}

export function simpleName(fqn: string): string {
  return fqn.slice(fqn.lastIndexOf('.') + 1);
}

/**
 * The WSDL of a uapws service, written like the real ones in `../shared/vectors/yonyou-nc-wsdl/` (IWS_NC_SAPBill and
 * siblings): self-contained, document/literal wrapped, unqualified `arg0…` string arguments, a `return` string,
 * `soapAction=""`, the `eip_version` annotation. Its `soap:address` says `localhost`, as NC's own WSDLs often do
 * (IMsgCGAG000001, IWS_NC_SAPBill): a client must call the URL it fetched the WSDL from, not the address inside.
 */
export function buildNcWsdl(fqn: string, operations: NcWsdlOperation[]): string {
  const ns = ncNamespace(fqn);
  const name = simpleName(fqn);
  const schema = operations.map((op) => complexType(op.name, op.args) + complexType(`${op.name}Response`, ['return'])).join('');
  const messages = operations
    .map((op) => message(op.name) + message(`${op.name}Response`))
    .join('');
  const portOps = operations
    .map(
      (op) =>
        `<wsdl:operation name="${op.name}"><wsdl:input name="${op.name}" message="tns:${op.name}"/>` +
        `<wsdl:output name="${op.name}Response" message="tns:${op.name}Response"/></wsdl:operation>`,
    )
    .join('');
  const bindingOps = operations
    .map(
      (op) =>
        `<wsdl:operation name="${op.name}"><soap:operation soapAction="" style="document"/>` +
        `<wsdl:input name="${op.name}"><soap:body use="literal"/></wsdl:input>` +
        `<wsdl:output name="${op.name}Response"><soap:body use="literal"/></wsdl:output></wsdl:operation>`,
    )
    .join('');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<wsdl:definitions name="${name}Service" targetNamespace="${ns}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="${ns}"`,
    ` xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/">`,
    '<wsdl:documentation source="eip_version">63</wsdl:documentation>',
    `<wsdl:types><xsd:schema attributeFormDefault="unqualified" elementFormDefault="unqualified" targetNamespace="${ns}">${schema}</xsd:schema></wsdl:types>`,
    messages,
    `<wsdl:portType name="${name}PortType">${portOps}</wsdl:portType>`,
    `<wsdl:binding name="${name}ServiceSoapBinding" type="tns:${name}PortType"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>${bindingOps}</wsdl:binding>`,
    `<wsdl:service name="${name}"><wsdl:port name="${name}Port" binding="tns:${name}ServiceSoapBinding">`,
    `<soap:address location="http://localhost${NC_SERVICE_PATH}/${fqn}"/></wsdl:port></wsdl:service>`,
    '</wsdl:definitions>',
  ].join('\n');
}

function complexType(name: string, fields: string[]): string {
  const elements = fields.map((f) => `<xsd:element minOccurs="0" name="${f}" type="xsd:string"/>`).join('');
  return `<xsd:element name="${name}" type="tns:${name}"/><xsd:complexType name="${name}"><xsd:sequence>${elements}</xsd:sequence></xsd:complexType>`;
}

function message(name: string): string {
  return `<wsdl:message name="${name}"><wsdl:part name="parameters" element="tns:${name}"/></wsdl:message>`;
}
