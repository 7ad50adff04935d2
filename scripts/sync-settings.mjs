#!/usr/bin/env node
// Rewrites package.json's contributes.configuration.properties and capabilities.untrustedWorkspaces.restrictedConfigurations
// (the settings a hostile workspace may not set until trusted) from the options table
// (src/core/pipeline/optionsTable.ts), the one place settings are declared. test/unit/core/pipeline/optionsTable.test.ts fails
// until this has been run after a change to the table.
// Usage: npm run sync:settings
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestProperties, restrictedSettings } from '../src/core/pipeline/optionsTable.ts';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));
pkg.contributes.configuration.properties = manifestProperties();
pkg.capabilities.untrustedWorkspaces.restrictedConfigurations = restrictedSettings();
writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
process.stdout.write(
  'package.json: contributes.configuration.properties and restrictedConfigurations written from the options table\n',
);
