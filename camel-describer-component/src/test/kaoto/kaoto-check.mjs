// Loads a Kaoto catalog merged with the describer entry, as the README tells users to, then lets Kaoto's own model
// code parse a YAML route, describe each step's form schema, edit one describer option the way Kaoto's form does and
// serialize the route again. Prints JSON for KaotoEditorIT to check.
// Usage: node kaoto-check.cjs <Kaoto catalog index file> <describer-components.json> <route.camel.yaml>
import fs from 'node:fs';
import path from 'node:path';
import { CamelCatalogService } from './node_modules/@kaoto/kaoto/lib/esm/models/visualization/flows/camel-catalog.service.js';
import { CatalogKind } from './node_modules/@kaoto/kaoto/lib/esm/models/catalog-kind.js';
import { CamelResourceFactory } from './node_modules/@kaoto/kaoto/lib/esm/models/camel/camel-resource-factory.js';

const [indexFile, describerFile, routeFile] = process.argv.slice(2);
const json = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const index = json(indexFile);
const load = (kind) => json(path.join(path.dirname(indexFile), index.catalogs[kind].file));

CamelCatalogService.setCatalogKey(CatalogKind.Component, { ...load('components'), ...json(describerFile) });
CamelCatalogService.setCatalogKey(CatalogKind.Processor, load('models'));
CamelCatalogService.setCatalogKey(CatalogKind.Pattern, load('patterns'));
CamelCatalogService.setCatalogKey(CatalogKind.Entity, load('entities'));
CamelCatalogService.setCatalogKey(CatalogKind.Language, load('languages'));
CamelCatalogService.setCatalogKey(CatalogKind.Dataformat, load('dataformats'));
CamelCatalogService.setCatalogKey(CatalogKind.Loadbalancer, load('loadbalancers'));
CamelCatalogService.setCatalogKey(CatalogKind.Kamelet, { ...load('kameletBoundaries'), ...load('kamelets') });

const resource = CamelResourceFactory.createCamelResource(fs.readFileSync(routeFile, 'utf8'), { path: routeFile });
const nodes = [];
const walk = (node) => {
  nodes.push(node);
  (node.getChildren() ?? []).forEach(walk);
};
resource.getVisualEntities().forEach((entity) => walk(entity.toVizNode()));

const describerSteps = nodes
  .map((node) => ({ node, schema: node.getComponentSchema() }))
  .filter(({ schema }) => schema?.definition?.uri === 'describer');
const steps = describerSteps.map(({ node, schema }) => {
  const parameters = schema.schema?.properties?.parameters?.properties ?? {};
  return {
    path: node.data.path,
    label: node.getNodeLabel(),
    parameters: schema.definition.parameters ?? {},
    formFields: Object.keys(parameters),
    apiKeyFormat: parameters.apiKey?.format ?? null,
  };
});

// the first describer producer step gets adType=extended_ad through the model, as Kaoto's form would set it
const editable = describerSteps.find(({ node }) => node.data.path.endsWith('.to'));
if (editable) {
  const definition = { ...editable.schema.definition };
  definition.parameters = { ...(definition.parameters ?? {}), adType: 'extended_ad' };
  editable.node.updateModel(definition);
}
console.log(JSON.stringify({ steps, serialized: resource.toString() }, null, 1));
