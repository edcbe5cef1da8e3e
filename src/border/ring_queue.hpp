#pragma once
// A growable FIFO ring buffer: queues of waiting vehicles without an allocation per vehicle.
// The capacity is a power of two, so indexing is a mask; it only grows.
#include <algorithm>
#include <cstddef>
#include <vector>

namespace caravan::border {

template <class T>
class RingQueue {
 public:
  void clear() { head_ = size_ = 0; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] const T& at(std::size_t i) const { return buf_[(head_ + i) & (buf_.size() - 1)]; }

  void push(const T& value) {
    if (size_ == buf_.size()) grow();
    buf_[(head_ + size_) & (buf_.size() - 1)] = value;
    ++size_;
  }
  T pop() {
    const T out = buf_[head_];
    head_ = (head_ + 1) & (buf_.size() - 1);
    --size_;
    return out;
  }

 private:
  void grow() {
    std::vector<T> bigger(std::max<std::size_t>(16, buf_.size() * 2));
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = at(i);
    buf_.swap(bigger);
    head_ = 0;
  }
  std::vector<T> buf_;
  std::size_t head_ = 0, size_ = 0;
};

}  // namespace caravan::border
