namespace Inrr.Torch.Fitting;

/// <summary>
/// Gathers pictures into groups of one size (channels, height, width) for batched fits: a group is handed out as soon
/// as it holds <see cref="PicturesPerFit"/> pictures, and <see cref="TakeRest"/> hands out the groups that never
/// filled. Used wherever pictures arrive one by one and are fitted together (a batch folder, the windows of a large
/// picture), with <see cref="BatchCompletionFitter.FitEach"/> to fit each group.
/// </summary>
/// <typeparam name="T">What the caller keeps for each picture (its file, its row, its window).</typeparam>
public sealed class PictureGroups<T>
{
    private readonly Dictionary<(int Channels, int Height, int Width), List<T>> _waiting = new();
    private readonly List<(int, int, int)> _order = new(); // first-seen order, so the groups come out reproducibly

    /// <summary>Creates the groups; <paramref name="picturesPerFit"/> is the most pictures one fit takes (1: every picture alone).</summary>
    public PictureGroups(int picturesPerFit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(picturesPerFit, 1);
        PicturesPerFit = picturesPerFit;
    }

    /// <summary>The most pictures one group holds.</summary>
    public int PicturesPerFit { get; }

    /// <summary>Adds a picture of the given size; returns its group when that group is now full (and forgets it), else null.</summary>
    public IReadOnlyList<T>? Add(T item, int channels, int height, int width)
    {
        var key = (channels, height, width);
        if (!_waiting.TryGetValue(key, out var group))
        {
            _waiting[key] = group = new List<T>(PicturesPerFit);
            _order.Add(key);
        }
        group.Add(item);
        if (group.Count < PicturesPerFit) return null;
        _waiting.Remove(key);
        _order.Remove(key);
        return group;
    }

    /// <summary>The groups that did not fill, in the order their first picture came; the groups are empty afterwards.</summary>
    public IReadOnlyList<IReadOnlyList<T>> TakeRest()
    {
        var rest = _order.Select(key => (IReadOnlyList<T>)_waiting[key]).ToList();
        _waiting.Clear();
        _order.Clear();
        return rest;
    }
}
