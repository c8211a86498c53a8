#include "session/receiverside.h"
#include "session/receiverside_p.h"

#include "delta/patcher.h"
#include "protocol/filelistdecoder.h"
#include "protocol/filelistsort.h"
#include "protocol/filterwire.h"
#include "protocol/tokenstream.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace qrsync::session {

ReceiverSide::ReceiverSide(HandshakeSettings handshake, ReceiverSettings settings,
                           std::unique_ptr<PathFilter> filter)
    : Role(std::move(handshake))
    , m_settings(std::move(settings))
    , m_filter(std::move(filter))
{}

ReceiverSide::~ReceiverSide()
{
    if (m_pipeline)
        m_pipeline->drain();
}

void ReceiverSide::start()
{
    m_config.fileList = makeFileListConfig(m_config, m_settings.preserve);
    m_flistDecoder = std::make_unique<protocol::FileListDecoder>(m_config.fileList);
    m_ndxOut = protocol::NdxEncoder(m_config.protocol);
    m_ndxIn = protocol::NdxDecoder(m_config.protocol);
    m_tokens = protocol::makeTokenDecoder(m_config.compression, m_config.protocol);
    m_completions = std::make_shared<CompletionQueue>();
    if (!m_settings.amRoot) {
        m_ownGroups.insert(quint32(::getegid()));
        gid_t groups[256];
        const int n = ::getgroups(256, groups);
        for (int i = 0; i < n; ++i)
            m_ownGroups.insert(quint32(groups[i]));
    }
    if (m_settings.pipelinedWrites)
        m_pipeline = makeAsyncWritePipeline(1 << 20);
    else
        m_pipeline = std::make_unique<InlineWritePipeline>();
    m_state = m_settings.expectFilterList ? State::ReadFilters : State::ReadFileList;
    if (!isServer()) {
        // main.c client_run(): a pulling client sends its rules first.
        if (m_settings.sendFilterList) {
            QByteArray out;
            protocol::encodeFilterList(out, m_settings.filterRules);
            write(out);
        }
        m_state = State::ReadFileList;
    }
}

bool ReceiverSide::step()
{
    switch (m_state) {
    case State::ReadFilters:
        return readFilters();
    case State::ReadFileList:
        return readFileList();
    case State::ReadIdLists:
        return readIdLists();
    case State::Running: {
        bool progressed = false;
        // The receiver first: it frees the generator's requests' memory
        // and tells it about finished phases.
        while (receiveStep())
            progressed = true;
        if (m_state == State::Running && generateStep())
            progressed = true;
        if (m_genPhase == GenPhase::Finished && m_recvState == RecvState::Done) {
            m_state = State::Done;
            finish();
        }
        return progressed;
    }
    case State::Done:
        return false;
    }
    return false;
}

bool ReceiverSide::readFilters()
{
    // The rules only matter here for deletions (protect/exclude); the
    // sender has already applied its own.
    if (!readFilterList(m_settings.filterFromWire, m_filter))
        return false;
    m_state = State::ReadFileList;
    return true;
}

bool ReceiverSide::readFileList()
{
    bool progressed = false;
    for (;;) {
        const auto item = m_flistDecoder->next(data());
        if (item.isNeedMore())
            return progressed;
        if (item.isError()) {
            // flist.c recv_file_entry() exits RERR_UNSUPPORTED for an unsafe
            // name, RERR_PROTOCOL for the rest.
            const bool unsafeName =
                item.errorMessage().startsWith(QLatin1String("ABORTING due to unsafe pathname"));
            fail(Error{
                unsafeName ? ExitCode::Unsupported : ExitCode::Protocol, item.errorMessage(), {}});
            return false;
        }
        consume(item.consumed());
        progressed = true;
        if (!item.value().isEnd() && !isRequested(item.value().entry.name)) {
            // flist.c recv_file_entry() (3.2.5, CVE-2022-29154): a pulling
            // client takes only what it asked for.
            fail(Error{ExitCode::Unsupported,
                       QStringLiteral("ERROR: rejecting unrequested file-list name: %1")
                           .arg(QString::fromUtf8(item.value().entry.name)),
                       {}});
            return false;
        }
        if (item.value().isEnd()) {
            m_files = m_flistDecoder->takeEntries();
            if (item.value().ioError) {
                addIoError(quint32(item.value().ioError));
                m_ioErrorSkipsDeletes = item.value().ioError & 1;
            }
            m_state = State::ReadIdLists;
            if (!isServer()) {
                qint64 total = 0;
                for (const protocol::FileEntry& e : m_files)
                    total += e.isRegular() || e.isSymlink() ? e.size : 0;
                emitEvent(FileListEvent{qint64(m_files.size()), total});
            }
            return true;
        }
    }
}

bool ReceiverSide::isRequested(const QByteArray& name) const
{
    if (m_settings.requestedNames.isEmpty())
        return true;
    const qsizetype slash = name.indexOf('/');
    return m_settings.requestedNames.contains(slash < 0 ? name : name.left(slash));
}

bool ReceiverSide::readIdLists()
{
    const bool haveLists = !m_config.fileList.incRecurse && !m_config.fileList.numericIds &&
                           (m_config.fileList.preserveUid || m_config.fileList.preserveGid);
    if (haveLists) {
        const auto lists = m_flistDecoder->nextIdLists(data());
        if (!decoded(lists))
            return false;
        consume(lists.consumed());
        mapIdsByName(lists.value());
    }
    const bool empty = std::none_of(m_files.cbegin(), m_files.cend(),
                                    [](const protocol::FileEntry& e) { return !e.removed; });
    if (!isServer() && empty) {
        // main.c client_run(): an empty list leaves nothing to receive. The
        // destination is not made, and the server sender, which exits
        // after sending an empty list (do_server_sender), is not waited
        // for; its io_error gives the exit code.
        m_state = State::Done;
        finish();
        return true;
    }
    if (!prepareDestination())
        return false;
    m_state = State::Running;
    return true;
}

void ReceiverSide::mapIdsByName(const protocol::IdList& lists)
{
    // uidlist.c recv_id_list()/match_uid(): an id the sender named is
    // replaced by the id that name has here; unknown names keep the number.
    QHash<quint32, quint32> users;
    QHash<quint32, quint32> groups;
    for (const protocol::IdName& u : lists.users) {
        if (const struct passwd* pw = ::getpwnam(u.name.constData()); pw && pw->pw_uid != u.id)
            users.insert(u.id, quint32(pw->pw_uid));
    }
    for (const protocol::IdName& g : lists.groups) {
        if (const struct group* gr = ::getgrnam(g.name.constData()); gr && gr->gr_gid != g.id)
            groups.insert(g.id, quint32(gr->gr_gid));
    }
    if (users.isEmpty() && groups.isEmpty())
        return;
    for (protocol::FileEntry& f : m_files) {
        f.uid = users.value(f.uid, f.uid);
        f.gid = groups.value(f.gid, f.gid);
    }
}

QByteArray ReceiverSide::localName(const protocol::FileEntry& f) const
{
    return m_soloName.isEmpty() ? f.name : m_soloName;
}

bool ReceiverSide::prepareDestination()
{
    // hlink.c match_hard_links: group the members by their leader's
    // transmission index before sorting, then find them by name; the member
    // that sorts last gets the data, the others are linked to it.
    QHash<qint32, std::vector<QByteArray>> groups;
    if (m_config.fileList.preserveHardLinks) {
        for (qint32 t = 0; t < qint32(m_files.size()); ++t) {
            const protocol::FileEntry& e = m_files[size_t(t)];
            if (e.hardLinked)
                groups[e.hardLinkFirst ? t : e.hardLinkLeader].push_back(e.name);
        }
    }
    // Sort as the sender did (filelist.md §6); indices name sorted slots.
    protocol::sortFileList(m_files, protocol::DuplicatePolicy::Remove);
    const size_t n = m_files.size();
    m_hardLinkTarget.assign(n, -1);
    if (!groups.isEmpty()) {
        QHash<QByteArray, qint32> byName;
        for (qint32 i = 0; i < qint32(n); ++i) {
            const protocol::FileEntry& e = m_files[size_t(i)];
            if (!e.removed && e.hardLinked)
                byName.insert(e.name, i);
        }
        for (const std::vector<QByteArray>& names : std::as_const(groups)) {
            std::vector<qint32> members;
            for (const QByteArray& name : names) {
                const qint32 sorted = byName.value(name, -1);
                if (sorted >= 0)
                    members.push_back(sorted);
            }
            if (members.empty())
                continue;
            std::sort(members.begin(), members.end());
            const qint32 last = members.back();
            for (qint32 m : members) {
                if (m == last)
                    continue;
                m_hardLinkTarget[size_t(m)] = last;
                m_hardLinkFollowers[last].push_back(m);
            }
        }
    }
    for (const protocol::FileEntry& f : m_files) {
        if (!f.removed && f.isDir())
            m_listedDirs.insert(f.name);
    }
    // Names in the list, for deletions; the keys share the entries' data.
    if (m_settings.deleteMode != DeleteMode::None) {
        m_listedNames.reserve(qsizetype(m_files.size()));
        for (const protocol::FileEntry& f : m_files) {
            if (!f.removed)
                m_listedNames.insert(f.name);
        }
    }
    m_flistDecoder.reset();
    if (m_settings.listOnly)
        return true;

    // main.c get_local_name(): a lone non-directory may take the
    // destination's name; otherwise the destination is a directory, made
    // here if missing.
    QByteArray dest = m_settings.destination;
    const bool trailingSlash = dest.endsWith('/');
    while (dest.size() > 1 && dest.endsWith('/'))
        dest.chop(1);
    if (dest.isEmpty())
        dest = ".";
    const bool single = m_files.size() == 1 && !m_files.front().isDir();
    auto existing = fs::statAt(AT_FDCWD, dest);
    if (single && !trailingSlash && (!existing || !existing->isDirectory())) {
        const qsizetype slash = dest.lastIndexOf('/');
        const QByteArray dir =
            slash < 0 ? QByteArrayLiteral(".") : dest.left(std::max<qsizetype>(slash, 1));
        m_soloName = slash < 0 ? dest : dest.mid(slash + 1);
        dest = dir;
        existing = fs::statAt(AT_FDCWD, dest);
    }
    if (!existing) {
        if (m_settings.dryRun) {
            if (m_settings.logCreatedDirectory)
                tell(protocol::MsgTag::Info, QByteArray("created directory " + dest + '\n'));
        } else {
            if (::mkdir(dest.constData(), 0777) != 0) {
                const int err = errno;
                QByteArray shown = dest;
                if (!shown.startsWith('/')) {
                    char cwd[4096];
                    if (::getcwd(cwd, sizeof cwd))
                        shown = QByteArray(cwd) + '/' + dest;
                }
                // main.c get_local_name() runs before the receiver forks:
                // stock names the role "Receiver" there.
                Error e = fs::failedError(err, "mkdir", shown, ExitCode::FileIo);
                e.message = QStringLiteral("[Receiver] ") + e.message;
                fail(e);
                return false;
            }
            if (m_settings.logCreatedDirectory)
                tell(protocol::MsgTag::Info, QByteArray("created directory " + dest + '\n'));
        }
        m_createdDestination = true;
    } else if (!existing->isDirectory()) {
        fail(Error{ExitCode::FileSelect,
                   QStringLiteral("ERROR: destination must be a directory when copying more than "
                                  "1 file"),
                   {}});
        return false;
    }
    if (!m_settings.dryRun || existing) {
        auto root = fs::SafeRoot::open(dest);
        if (!root) {
            fail(Error{ExitCode::FileIo, root.error().message, {}});
            return false;
        }
        m_root.emplace(std::move(*root));
    }
    for (const QByteArray& alt : m_settings.altDests) {
        QByteArray abs = alt.startsWith('/') ? alt : dest + '/' + alt;
        m_altDestPaths.push_back(QFile::encodeName(QDir::cleanPath(QFile::decodeName(abs))));
    }
    return true;
}

} // namespace qrsync::session
