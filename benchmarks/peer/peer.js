// Package a rendered content folder with simple-scorm-packager, the peer that
// benchmarks/peer.py times lmspack against. Usage:
//   node peer.js VERSION SOURCE_DIR OUT_DIR TITLE
// VERSION is "1.2" or "2004 4th Edition". The peer writes its manifest and schema
// files into SOURCE_DIR, then zips the folder into OUT_DIR.
'use strict';
var scopackager = require('simple-scorm-packager');

var args = process.argv.slice(2);
scopackager({
  version: args[0],
  organization: 'lmspack benchmark',
  title: args[3],
  language: 'en-GB',
  identifier: 'benchmark',
  masteryScore: 80,
  startingPage: 'index.html',
  source: args[1],
  package: { version: '1.0.0', zip: true, outputFolder: args[2], date: '2024-02-05' }
}, function (msg) {
  if (msg !== 'Done') { process.exitCode = 1; console.error(msg); }
});
