#pragma once

// `hosts allow` / `hosts deny` (rsync access.c allow_access): an allow
// match always admits; an allow list without a deny list refuses the rest;
// a deny match refuses; anything else is admitted. Tokens are addresses
// (IPv4, IPv6), networks with /BITS or /MASK, and host names with
// wildcards matched against the peer's reverse-DNS name, or resolved
// forward and compared with its address. A deny-list name that does not
// resolve counts as a match (fails closed, as stock 3.5.0 does).

#include <QString>
#include <QStringList>

#include <functional>

namespace qrsync::daemon {

// Forward DNS for a configured host name: its addresses as text. Tests
// replace the system resolver.
using ForwardLookup = std::function<QStringList(const QString& name)>;
ForwardLookup systemForwardLookup();

// Reverse DNS of a numeric address, "UNKNOWN" when it has no name (the
// word stock's client_name() uses).
QString reverseLookup(const QString& address);

// True if one token of `list` matches the peer.
// An empty `lookup` (forward lookup = no) resolves nothing.
bool accessListMatches(const QStringList& list, const QString& address, const QString& host,
                       bool isDenyList, const ForwardLookup& lookup);

bool allowAccess(const QStringList& allow, const QStringList& deny, const QString& address,
                 const QString& host, const ForwardLookup& lookup);

// Stock's host name when reverse lookups are off.
inline constexpr char kUndeterminedHost[] = "UNDETERMINED";

} // namespace qrsync::daemon
