namespace Turtle.Failover.Tests.Simulation;

/// <summary>
/// Directed links between DCs, and each DC's path to the store. Faults count, so two overlapping faults on one link
/// keep it cut until both have healed. Inside a DC every silo reaches every other.
/// </summary>
public sealed class SimNetwork
{
    private readonly Dictionary<(string From, string To), int> _cuts = [];
    private readonly Dictionary<string, int> _storeCuts = [];

    public void Cut(string from, string to) => _cuts[(from, to)] = _cuts.GetValueOrDefault((from, to)) + 1;

    public void Heal(string from, string to) => _cuts[(from, to)] = _cuts[(from, to)] - 1;

    public void CutStore(string dc) => _storeCuts[dc] = _storeCuts.GetValueOrDefault(dc) + 1;

    public void HealStore(string dc) => _storeCuts[dc] = _storeCuts[dc] - 1;

    /// <summary>Whether a packet from <paramref name="from"/> gets to <paramref name="to"/>.</summary>
    public bool Delivers(string from, string to) => from == to || _cuts.GetValueOrDefault((from, to)) == 0;

    /// <summary>Whether a TCP exchange works between two DCs: it needs both directions.</summary>
    public bool Connected(string a, string b) => Delivers(a, b) && Delivers(b, a);

    public bool ReachesStore(string dc) => _storeCuts.GetValueOrDefault(dc) == 0;
}
