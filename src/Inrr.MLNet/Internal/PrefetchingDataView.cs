using Inrr.MLNet.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet.Internal;

/// <summary>
/// The output of a completion transform that fits several rows at the same time. ML.NET reads the rows of a custom
/// mapping one after another on one thread, so a reader of the completed column would wait for one fit at a time.
/// This view hands out the transform's own cursors and, next to each cursor that reads a completion output,
/// reads the input ahead and fits up to <c>concurrentRows</c> rows at once into the transform's result cache; the
/// cursor's own read of a row then finds the fit done (or waits for the one in flight: the cache shares it). The
/// values are the same as without it: every fit uses the same settings and threads either way.
/// </summary>
internal sealed class PrefetchingDataView : IDataView
{
    private readonly IDataView _input;
    private readonly IDataView _output;
    private readonly ImageCompletionMapping _mapping;
    private readonly string _settingsJson;
    private readonly string _pixelsColumn;
    private readonly string _maskColumn;
    private readonly HashSet<string> _completionOutputs;
    private readonly int _concurrentRows;
    private readonly int _picturesPerFit;

    public PrefetchingDataView(IDataView input, IDataView output, ImageCompletionMapping mapping, string settingsJson,
        string pixelsColumn, string maskColumn, IEnumerable<string> completionOutputs, int concurrentRows, int picturesPerFit = 1)
    {
        _picturesPerFit = Math.Max(1, picturesPerFit);
        _input = input;
        _output = output;
        _mapping = mapping;
        _settingsJson = settingsJson;
        _pixelsColumn = pixelsColumn;
        _maskColumn = maskColumn;
        _completionOutputs = new HashSet<string>(completionOutputs, StringComparer.Ordinal);
        _concurrentRows = concurrentRows;
    }

    public bool CanShuffle => _output.CanShuffle;

    public DataViewSchema Schema => _output.Schema;

    public long? GetRowCount() => _output.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var columns = columnsNeeded.ToList();
        var cursor = _output.GetRowCursor(columns, rand);
        // Only a reader of the completion's outputs, in input order, makes fitting ahead worth it.
        if (rand is not null || !columns.Any(c => _completionOutputs.Contains(c.Name))) return cursor;
        return new Cursor(cursor, new Prefetcher(this));
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>Reads the input ahead of a cursor and starts fits, at most <c>concurrentRows</c> at a time and ahead.</summary>
    private sealed class Prefetcher : IDisposable
    {
        private readonly PrefetchingDataView _view;
        private readonly CancellationTokenSource _stop = new();
        private readonly SemaphoreSlim _running;
        private readonly SemaphoreSlim _ahead;
        private readonly Task _loop;

        public Prefetcher(PrefetchingDataView view)
        {
            _view = view;
            _running = new SemaphoreSlim(view._concurrentRows);
            // One permit per row read ahead of the cursor. Single rows: the current row plus the next concurrentRows - 1.
            // Batches: a batch for each concurrent fit plus one more, so a batch can fill up while the cursor is still
            // reading the rows before it (a cursor that reaches an unfilled batch starts it with the rows it has).
            _ahead = new SemaphoreSlim(view._picturesPerFit == 1 ? view._concurrentRows : (view._concurrentRows + 1) * view._picturesPerFit);
            _loop = Task.Run(Loop);
        }

        /// <summary>The cursor moved to its next row: one more row may be fitted ahead.</summary>
        public void RowReached(long position)
        {
            if (position >= 1) _ahead.Release();
        }

        private async Task Loop()
        {
            try
            {
                var schema = _view._input.Schema;
                var pixelsColumn = schema[_view._pixelsColumn];
                var maskColumn = schema[_view._maskColumn];
                using var cursor = _view._input.GetRowCursor([pixelsColumn, maskColumn]);
                var getPixels = cursor.GetGetter<VBuffer<float>>(pixelsColumn);
                var getMask = cursor.GetGetter<VBuffer<float>>(maskColumn);
                ImageCompletionMapping.PendingBatch? batch = null;
                try
                {
                    while (!_stop.IsCancellationRequested && cursor.MoveNext())
                    {
                        await _ahead.WaitAsync(_stop.Token).ConfigureAwait(false);
                        VBuffer<float> pixels = default, mask = default;
                        getPixels(ref pixels);
                        getMask(ref mask);
                        var row = new PixelsAndMaskRow { Settings = _view._settingsJson, Pixels = Copy(pixels), Mask = Copy(mask) };
                        if (_view._picturesPerFit == 1)
                        {
                            await _running.WaitAsync(_stop.Token).ConfigureAwait(false);
                            _ = Task.Run(() =>
                            {
                                try { _view._mapping.Prefetch(row); }
                                finally { _running.Release(); }
                            });
                            continue;
                        }
                        // Batched: each row's cache entry waits for its batch, which starts once it is full (or a reader
                        // needs one of its rows; then this row goes into a new batch).
                        batch ??= new ImageCompletionMapping.PendingBatch();
                        if (!_view._mapping.AddToBatch(batch, row) && batch.IsStarted)
                        {
                            batch = new ImageCompletionMapping.PendingBatch();
                            _view._mapping.AddToBatch(batch, row);
                        }
                        if (batch.Rows.Count < _view._picturesPerFit && !batch.IsStarted) continue;
                        var full = batch;
                        batch = null; // from here on started: the finally below must not see it as begun
                        if (full.TryStart()) await StartAsync(full).ConfigureAwait(false); // full (unless a reader started it)
                    }
                }
                finally
                {
                    // A batch begun is always started (its rows' readers wait for it), even when the loop stops.
                    if (batch is not null && batch.TryStart()) await StartAsync(batch).ConfigureAwait(false);
                }
            }
            catch (Exception)
            {
                // Stopped, or the input could not be read ahead: the cursor itself reads (and reports) every row.
            }
        }

        /// <summary>
        /// Runs a started batch when a fit slot is free. A started batch always runs: readers of its rows wait for it (now
        /// or in a later pass over the data, through the cache), so when the prefetcher is stopping it runs at once,
        /// outside the slots.
        /// </summary>
        private async Task StartAsync(ImageCompletionMapping.PendingBatch batch)
        {
            try
            {
                await _running.WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _ = Task.Run(() => _view._mapping.RunBatch(batch));
                return;
            }
            _ = Task.Run(() =>
            {
                try { _view._mapping.RunBatch(batch); }
                finally { _running.Release(); }
            });
        }

        private static VBuffer<float> Copy(VBuffer<float> source)
        {
            VBuffer<float> copy = default;
            source.CopyTo(ref copy);
            return copy;
        }

        /// <summary>Stops starting fits; fits in flight finish into the cache.</summary>
        public void Dispose()
        {
            _stop.Cancel();
            try { _loop.Wait(); } catch (AggregateException) { }
            _stop.Dispose();
        }
    }

    /// <summary>The transform's cursor, telling the prefetcher where it is.</summary>
    private sealed class Cursor(DataViewRowCursor inner, Prefetcher prefetcher) : DataViewRowCursor
    {
        public override DataViewSchema Schema => inner.Schema;
        public override long Position => inner.Position;
        public override long Batch => inner.Batch;

        public override bool MoveNext()
        {
            bool moved = inner.MoveNext();
            if (moved) prefetcher.RowReached(inner.Position);
            return moved;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);
        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();
        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                prefetcher.Dispose();
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
