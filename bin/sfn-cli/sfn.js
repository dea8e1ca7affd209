#!/usr/bin/env node
// `npx sfn` in the project: node_modules/.bin/sfn links here (devDependency "sfn-cli": "file:bin/sfn-cli").
require('../sfn.js');
