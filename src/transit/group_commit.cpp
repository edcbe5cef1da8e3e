#include "transit/group_commit.hpp"

#include <utility>

namespace caravan::transit {

GroupCommitter::GroupCommitter(WriteBatch write, std::size_t max_batch)
    : write_(std::move(write)), max_batch_(max_batch == 0 ? 1 : max_batch) {}

std::vector<CommitStatus> GroupCommitter::commit(std::span<const Commit> commits) {
  if (commits.empty()) return {};
  Request mine;
  mine.commits = commits;
  std::unique_lock lock(mutex_);
  queue_.push_back(&mine);
  for (;;) {
    if (mine.done) break;
    if (!leader_active_) {
      // Lead one round: take requests (whole, in arrival order) up to max_batch commits.
      leader_active_ = true;
      std::vector<Request*> round;
      std::size_t count = 0;
      auto it = queue_.begin();
      while (it != queue_.end() && (round.empty() || count + (*it)->commits.size() <= max_batch_)) {
        count += (*it)->commits.size();
        round.push_back(*it);
        ++it;
      }
      queue_.erase(queue_.begin(), it);
      lock.unlock();

      std::vector<Commit> batch;
      batch.reserve(count);
      for (const Request* r : round) batch.insert(batch.end(), r->commits.begin(), r->commits.end());
      std::vector<CommitStatus> statuses;
      std::exception_ptr error;
      try {
        statuses = write_(batch);
      } catch (...) {
        error = std::current_exception();
      }

      lock.lock();
      std::size_t offset = 0;
      for (Request* r : round) {
        if (error) {
          r->error = error;
        } else {
          r->statuses.assign(statuses.begin() + static_cast<std::ptrdiff_t>(offset),
                             statuses.begin() + static_cast<std::ptrdiff_t>(offset + r->commits.size()));
        }
        offset += r->commits.size();
        r->done = true;
      }
      ++transactions_;
      commits_ += count;
      leader_active_ = false;
      cv_.notify_all();
      continue;
    }
    cv_.wait(lock);
  }
  if (mine.error) std::rethrow_exception(mine.error);
  return std::move(mine.statuses);
}

std::size_t GroupCommitter::transactions() const {
  std::lock_guard lock(mutex_);
  return transactions_;
}

std::size_t GroupCommitter::commits() const {
  std::lock_guard lock(mutex_);
  return commits_;
}

}  // namespace caravan::transit
