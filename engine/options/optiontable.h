#pragma once

// Every option stock rsync 3.5.0 accepts on a client command line
// (options.c long_options[]), so that qrsync recognises all of them and can
// tell "not supported yet" apart from "unknown option".
//
// Which options qrsync implements is one list, kSupportedOptions in
// optiontable.cpp: extend it there. A "--no-X" negation is supported
// whenever the option it negates is.

#include <QString>
#include <QStringView>

#include <span>

namespace qrsync::options {

enum class ArgType
{
    None,   // a flag: "--opt=x" is "option does not take an argument"
    String, // takes a value: "--opt=V", "--opt V", "-xV", "-x V"
    Int,    // like String, but popt parses it as an int (strtol base 0)
};

struct OptionSpec
{
    const char* longName = nullptr; // nullptr for -D, -F, -P (short only)
    char shortName = 0;             // 0 when there is none
    ArgType arg = ArgType::None;
    bool supported = false;

    // "archive", or "-D" for the short-only options: the key the parser
    // dispatches on and the name the supported list uses.
    QString key() const;
    // "--archive" or "-D", for messages.
    QString displayName() const;
};

// The whole table, in rsync's order.
std::span<const OptionSpec> optionTable();

// nullptr when rsync has no such option.
const OptionSpec* findLongOption(QStringView name);
const OptionSpec* findShortOption(QChar letter);

} // namespace qrsync::options
