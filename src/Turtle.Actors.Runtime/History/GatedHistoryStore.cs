using Turtle.Actors.History;
using Turtle.Actors.Storage;

namespace Turtle.Actors.Runtime.History;

/// <summary>
/// History behind the silo's write gate: a batch is written only if the gate is open for every entity in it (asked as
/// a grain of type <see cref="EntityGrainType"/> keyed by the entity), before any sample is stored. A grain writes
/// its history before its state; without this, a write refused at the state would leave its samples stored, and the
/// writer's retry would store them again. Queries and maintenance pass.
/// </summary>
internal sealed class GatedHistoryStore(IHistoryStore inner, IGrainWriteGate gate) : IHistoryStore
{
    public const string EntityGrainType = "history";

    public Task WriteAsync(IReadOnlyList<Sample> samples, CancellationToken cancellationToken = default)
    {
        string? last = null;
        foreach (var sample in samples)
        {
            if (!string.Equals(sample.Entity, last, StringComparison.Ordinal))
            {
                gate.ThrowIfClosed(new GrainId(EntityGrainType, sample.Entity));
                last = sample.Entity;
            }
        }

        return inner.WriteAsync(samples, cancellationToken);
    }

    public Task<IReadOnlyList<HistorySeries>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default) =>
        inner.QueryAsync(query, cancellationToken);

    public Task<IReadOnlyList<Sample>> ReadRawAsync(string entity, string metric, DateTimeOffset from, DateTimeOffset to, int limit = 10_000, CancellationToken cancellationToken = default) =>
        inner.ReadRawAsync(entity, metric, from, to, limit, cancellationToken);

    public Task RollUpAndPruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        inner.RollUpAndPruneAsync(now, cancellationToken);
}
