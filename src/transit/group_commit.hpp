#pragma once
// Group commit: many threads each want their commits durable; one sync (fsync, WAL flush) per
// transaction is the cost that dominates. The first waiting caller becomes the leader, takes every
// commit queued so far and writes them in one transaction; the others wait and are acknowledged
// with their own statuses once that transaction is durable. Store-agnostic: a store passes the
// function that writes one batch in one transaction.
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "transit/store.hpp"

namespace caravan::transit {

class GroupCommitter {
 public:
  using WriteBatch = std::function<std::vector<CommitStatus>(std::span<const Commit>)>;
  // `max_batch` bounds one transaction (latency of the first caller vs throughput).
  explicit GroupCommitter(WriteBatch write, std::size_t max_batch = 1024);

  // Blocks until the caller's commits are written (in one or more group transactions) and returns
  // their statuses; rethrows the batch's exception if its transaction failed.
  std::vector<CommitStatus> commit(std::span<const Commit> commits);

  // How many transactions and commits went through (for benchmarks and tests).
  [[nodiscard]] std::size_t transactions() const;
  [[nodiscard]] std::size_t commits() const;

 private:
  struct Request {
    std::span<const Commit> commits;
    std::vector<CommitStatus> statuses;
    std::exception_ptr error;
    bool done = false;
  };
  WriteBatch write_;
  std::size_t max_batch_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Request*> queue_;
  bool leader_active_ = false;
  std::size_t transactions_ = 0, commits_ = 0;
};

// A store whose writes go through group commit (the SQLite and the PostgreSQL store): commit_many
// queues the caller's commits and the leader writes the batch in one transaction via write_batch.
class GroupCommitStore : public TransitStore {
 public:
  std::vector<CommitStatus> commit_many(std::span<const Commit> commits) final { return committer_.commit(commits); }
  [[nodiscard]] const GroupCommitter& group_committer() const { return committer_; }

 protected:
  GroupCommitStore() : committer_([this](std::span<const Commit> c) { return write_batch(c); }) {}
  // Writes one batch in one transaction and answers a status per commit, in order.
  virtual std::vector<CommitStatus> write_batch(std::span<const Commit> commits) = 0;

 private:
  GroupCommitter committer_;
};

}  // namespace caravan::transit
