#pragma once
// Files only their owner may read: transit stores (every declaration) and key files (secrets).
// Created 0600 in folders created 0700, whatever the process umask; a secret file that group or
// others can read is refused with the command that fixes it, as ssh does with its keys.
#include <filesystem>
#include <string>

namespace caravan::transit {

// Creates the missing folders of `dir`, each 0700 (existing ones are left as they are).
// Throws std::runtime_error naming the folder.
void create_private_directories(const std::filesystem::path& dir);

// Creates `file` empty with mode 0600 when it does not exist; an existing one is set to 0600
// (the process owns its store). Throws std::runtime_error naming the file.
void ensure_private_file(const std::filesystem::path& file);

// Throws std::runtime_error "FILE: readable by group or others (mode 0644); run: chmod 600 FILE"
// when `file` exists with any group or other permission bit.
void refuse_if_shared(const std::filesystem::path& file, const std::string& what);

}  // namespace caravan::transit
