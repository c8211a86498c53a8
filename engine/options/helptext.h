#pragma once

// qrsync's --help and --version texts, in rsync's layout (usage lines, then
// one line per option) but our own words, and only what qrsync supports.

#include <QString>

namespace qrsync::options {

QString helpText();

// "qrsync  version X  protocol version 32", capabilities and lists.
QString versionText();

} // namespace qrsync::options
