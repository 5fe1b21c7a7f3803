// Prints the JSON form of an HCL2 file, or the parser's error and exit code 1: node hcl2json.js FILE
const { parse } = require('@cdktf/hcl2json');
const fs = require('fs');
const file = process.argv[2];
parse(file, fs.readFileSync(file, 'utf8')).then(
  json => process.stdout.write(JSON.stringify(json)),
  error => { process.stderr.write(String(error && error.message ? error.message : error)); process.exit(1); });
