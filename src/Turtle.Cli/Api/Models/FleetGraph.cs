namespace Turtle.Cli.Api;

/// <summary>The relationship graph of <c>GET /api/v1/graph</c>: DCs contain hosts, hosts run processes, links join hosts to hosts or DCs.</summary>
public sealed record FleetGraph(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges);

/// <summary>A node; <paramref name="Status"/> is its health or state as text.</summary>
public sealed record GraphNode(string Id, GraphNodeKind Kind, string Label, string Status);

public sealed record GraphEdge(string From, string To, GraphEdgeKind Kind, string? Status = null);
