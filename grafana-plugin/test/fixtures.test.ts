import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { fixtures, serialize } from './fixtures/generate';

describe('recorded browser fixtures', () => {
  it.each(Object.entries(fixtures()))('%s is what the generator writes today', (file, content) => {
    const path = join(__dirname, 'fixtures', file);
    if (process.env.UPDATE_FIXTURES) writeFileSync(path, serialize(content));
    // Compared as data: prettier owns the committed file's layout.
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(JSON.parse(serialize(content)));
  });
});
