import { InvalidRecord, handler } from '../src';

test('sums a batch of CSV records (string values) and names its source and first and last ids', async () => {
  const out = await handler({ Items: [{ id: '1', amount: '10.25' }, { id: '2', amount: '0' }, { id: '3', amount: '4.5' }], BatchInput: { source: 'records.csv' } });
  expect(out).toEqual({ source: 'records.csv', records: 3, total: 14.75, firstId: '1', lastId: '3' });
});

test.each([['n/a'], [''], ['-1'], [undefined]])('a record whose amount is %j fails the batch with InvalidRecord naming it', async (amount) => {
  const event = { Items: [{ id: '1', amount: '1' }, { id: '7', amount }] };
  await expect(handler(event)).rejects.toThrow(InvalidRecord);
  await expect(handler(event)).rejects.toThrow(/^record 7: amount/);
});

test('an event without Items (no ItemBatcher) is refused with a message saying so', async () => {
  await expect(handler({ id: '1', amount: '1' })).rejects.toThrow(/no Items array.*ItemBatcher/);
});
