// Prints the documents of a mongodump-style .bson file (concatenated BSON documents) as canonical
// Extended JSON, one array: read with npm's bson, not the Java driver that wrote them.
const fs = require('fs');
const { deserialize, EJSON } = require('bson');

const bytes = fs.readFileSync(process.argv[2]);
const documents = [];
for (let offset = 0; offset < bytes.length;) {
  const size = bytes.readInt32LE(offset);
  // promoteValues: false keeps each number its BSON type (int32, int64, double)
  const document = deserialize(bytes.subarray(offset, offset + size), { promoteValues: false });
  documents.push(EJSON.serialize(document, { relaxed: false }));
  offset += size;
}
process.stdout.write(JSON.stringify(documents));
