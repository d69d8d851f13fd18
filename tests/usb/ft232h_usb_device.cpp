// The emulated FT232H: device record, usbdevfs ioctl handler, MPSSE simulator behind it.
// Sources of each behaviour: see the header comment.
#include "tests/usb/ft232h_usb_device.hpp"

#include <fmt/format.h>
#include <glib-object.h>
#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>
#include <umockdev.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>

#include "sim/i2c/i2c_bus_sim.hpp"
#include "sim/i2c/ina228_model.hpp"
#include "sim/i2c/mpsse_sim.hpp"

namespace wb::usbemu {

namespace {

// libftdi src/ftdi.h (mcuee/libftdi de9f01ece34d)
constexpr std::uint8_t kSioReset = 0x00, kSioModemCtrl = 0x01, kSioSetFlowCtrl = 0x02, kSioSetBaudrate = 0x03,
                       kSioSetData = 0x04, kSioPollModemStatus = 0x05, kSioSetEventChar = 0x06, kSioSetErrorChar = 0x07,
                       kSioSetLatencyTimer = 0x09, kSioGetLatencyTimer = 0x0A, kSioSetBitmode = 0x0B,
                       kSioReadPins = 0x0C, kSioReadEeprom = 0x90;
constexpr std::uint16_t kSioTcoflush = 1, kSioTciflush = 2;  // value of SIO_RESET (ftdi.h: SIO_TCOFLUSH, SIO_TCIFLUSH)
constexpr std::uint8_t kBitmodeReset = 0x00, kBitmodeMpsse = 0x02;
// Modem status of an idle FT232H: the first two bytes of every bulk IN packet.
constexpr std::uint8_t kModemStatus0 = 0x32, kModemStatus1 = 0x60;
constexpr std::size_t kPacket = 512;
// Capabilities: one URB per bulk transfer of any length (libusb linux_usbfs.c submit_bulk_transfer:
// SCATTER_GATHER or, failing that, NO_PACKET_SIZE_LIM; BULK_CONTINUATION would split at 16 KiB).
constexpr std::uint32_t kCaps = USBDEVFS_CAP_ZERO_PACKET | USBDEVFS_CAP_NO_PACKET_SIZE_LIM;

std::string hex(const std::vector<std::uint8_t>& b) {
  std::string s;
  for (auto x : b) s += fmt::format("{:02x}", x);
  return s;
}

std::vector<std::uint8_t> device_descriptor() {
  return {0x12, 0x01, 0x00, 0x02,  // bcdUSB 2.00
          0x00, 0x00, 0x00, 0x40,  // class/subclass/protocol per interface, ep0 64 bytes
          0x03, 0x04, 0x14, 0x60,  // VID 0x0403, PID 0x6014
          0x00, 0x09,              // bcdDevice 0x0900 (FT232H)
          0x01, 0x02, 0x03,        // iManufacturer, iProduct, iSerialNumber
          0x01};                   // one configuration
}

std::vector<std::uint8_t> config_descriptor() {
  return {0x09, 0x02, 0x20, 0x00, 0x01, 0x01, 0x00, 0x80, 0x2D,  // 32 bytes, 1 interface, bus powered 90 mA
          0x09, 0x04, 0x00, 0x00, 0x02, 0xFF, 0xFF, 0xFF, 0x02,  // interface 0: vendor class, 2 endpoints
          0x07, 0x05, 0x81, 0x02, 0x00, 0x02, 0x00,              // EP 0x81 bulk IN 512
          0x07, 0x05, 0x02, 0x02, 0x00, 0x02, 0x00};             // EP 0x02 bulk OUT 512
}

std::vector<std::uint8_t> string_descriptor(const std::string& s) {
  std::vector<std::uint8_t> d{static_cast<std::uint8_t>(2 + 2 * s.size()), 0x03};
  for (char c : s) d.insert(d.end(), {static_cast<std::uint8_t>(c), 0x00});
  return d;
}

std::string record(const std::string& sysfs, int bus, int addr, const std::vector<std::uint8_t>& descriptors,
                   const std::string& extra) {
  return fmt::format(
      "P: {}\nN: bus/usb/{:03d}/{:03d}\nE: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\nE: "
      "DEVNAME=/dev/bus/usb/{:03d}/{:03d}\n"
      "E: BUSNUM={:03d}\nE: DEVNUM={:03d}\n"
      "A: busnum={}\\n\nA: devnum={}\\n\nA: speed=480\\n\nA: bConfigurationValue=1\\n\nA: dev=189:{}\\n\n{}"
      "H: descriptors={}\n",
      sysfs, bus, addr, bus, addr, bus, addr, bus, addr, (bus - 1) * 128 + addr - 1, extra, hex(descriptors));
}

void add_record(UMockdevTestbed* tb, const std::string& text) {
  GError* err = nullptr;
  if (!umockdev_testbed_add_from_string(tb, text.c_str(), &err)) {
    std::string msg = err ? err->message : "?";
    if (err) g_error_free(err);
    throw std::runtime_error("umockdev: cannot add device record: " + msg);
  }
}

std::string sysfs_path(int bus, int addr) {
  return addr == 1 ? fmt::format("/devices/pci0000:00/0000:00:14.0/usb{}", bus)
                   : fmt::format("/devices/pci0000:00/0000:00:14.0/usb{}/{}-{}", bus, bus, addr - 1);
}

}  // namespace

DeviceSpec parse_device_spec(const std::string& text, int default_address) {
  DeviceSpec d;
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw std::invalid_argument("--device wants SERIAL[@BUS:ADDR]=CHIP[,CHIP...]: " + text);
  std::string id = text.substr(0, eq), chips = text.substr(eq + 1);
  d.address = default_address;
  if (auto at = id.find('@'); at != std::string::npos) {
    if (std::sscanf(id.c_str() + at + 1, "%d:%d", &d.bus, &d.address) != 2 || d.bus < 1 || d.bus > 127 ||
        d.address < 2 || d.address > 127)
      throw std::invalid_argument("--device: bad BUS:ADDR in " + text);
    id.resize(at);
  }
  if (id.empty()) throw std::invalid_argument("--device: empty serial in " + text);
  d.serial = id;
  std::size_t pos = 0;
  while (pos <= chips.size()) {
    auto comma = chips.find(',', pos);
    std::string c = chips.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    ChipSpec chip;
    unsigned addr = 0;
    double shunt = 0;
    int n = std::sscanf(c.c_str(), "ina228:%x:%lf", &addr, &shunt);
    if (c.rfind("ina228:", 0) != 0 || n < 1 || addr > 0x7F || (n == 2 && !(shunt > 0)))
      throw std::invalid_argument("--device: chip must be ina228:0xADDR[:SHUNT_OHM], got '" + c + "'");
    chip.address = static_cast<std::uint8_t>(addr);
    if (n == 2) chip.shunt_ohm = shunt;
    d.chips.push_back(chip);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return d;
}

void add_root_hub(UMockdevTestbed* tb, int bus) {
  std::vector<std::uint8_t> desc{0x12, 0x01, 0x00, 0x02, 0x09, 0x00, 0x01, 0x40, 0x6b, 0x1d, 0x02,
                                 0x00, 0x06, 0x06, 0x03, 0x02, 0x01, 0x01, 0x09, 0x02, 0x19, 0x00,
                                 0x01, 0x01, 0x00, 0xe0, 0x00, 0x09, 0x04, 0x00, 0x00, 0x01, 0x09,
                                 0x00, 0x00, 0x00, 0x07, 0x05, 0x81, 0x03, 0x04, 0x00, 0x0c};
  add_record(tb, record(sysfs_path(bus, 1), bus, 1, desc, ""));
}

struct Ft232hUsbDevice::Impl {
  UMockdevTestbed* testbed;
  DeviceSpec spec;
  sim::RailSource& rail;
  std::function<double()> now;
  bool verbose;
  std::string devnode;
  UMockdevIoctlBase* handler = nullptr;

  mutable std::mutex mutex;
  // The chip side, rebuilt at a power cycle.
  std::unique_ptr<sim::I2cBusSim> bus;
  std::unique_ptr<sim::MpsseSim> mpsse;
  std::vector<std::unique_ptr<sim::Ina228Model>> chips;
  bool mpsse_mode = false;
  int latency_ms = 16;
  std::uint8_t bitmask = 0;

  struct Urb {
    UMockdevIoctlData* urb = nullptr;     // the struct usbdevfs_urb (owned ref)
    UMockdevIoctlData* buffer = nullptr;  // its buffer (owned ref)
    double submitted_s = 0;
    unsigned owner = 0;  // the open file (client id) that submitted it: only it reaps it
  };
  std::deque<Urb> done, in_waiting;
  double unplug_from = 0, unplug_to = 0;
  bool unplugged = false;
  // Bumped at every unplug and replug: a file descriptor opened before stays dead (ENODEV), as
  // an usbfs fd of a device that went away does, even once the board is back.
  unsigned generation = 1;
  unsigned clients = 0;  // open files seen so far
  std::string syspath, record_text;
  bool sysfs_present = true;  // only tick() (the caller's thread) changes the testbed
  DeviceCounters counters;

  Impl(UMockdevTestbed* tb, DeviceSpec s, sim::RailSource& r, std::function<double()> n, bool v)
      : testbed(tb), spec(std::move(s)), rail(r), now(std::move(n)), verbose(v) {
    devnode = fmt::format("/dev/bus/usb/{:03d}/{:03d}", spec.bus, spec.address);
    for (const auto& c : spec.chips) {
      sim::Ina228ModelOptions opt;
      opt.address = c.address;
      opt.shunt_ohm = c.shunt_ohm;
      chips.push_back(std::make_unique<sim::Ina228Model>(opt, rail, now));
    }
    rebuild_bus();
  }
  ~Impl() { drop_urbs(); }

  void log(const std::string& s) const {
    if (verbose) std::fprintf(stderr, "ft232h-emulator %s: %s\n", spec.serial.c_str(), s.c_str());
  }

  void rebuild_bus() {
    mpsse.reset();
    bus = std::make_unique<sim::I2cBusSim>();
    for (auto& c : chips) bus->attach(c.get());
    mpsse = std::make_unique<sim::MpsseSim>(*bus);
    mpsse_mode = false;
    latency_ms = 16;
    bitmask = 0;
  }

  static void release(Urb& u) {
    if (u.buffer) g_object_unref(u.buffer);
    if (u.urb) g_object_unref(u.urb);
    u.buffer = u.urb = nullptr;
  }
  void drop_urbs() {
    for (auto* q : {&done, &in_waiting})
      for (auto& u : *q) release(u);
    done.clear();
    in_waiting.clear();
  }

  static usbdevfs_urb* urb_of(const Urb& u) { return reinterpret_cast<usbdevfs_urb*>(u.urb->data); }

  // Chip-side reply bytes into one bulk IN URB, framed in 512-byte packets each led by the status.
  void fill_in(Urb& u, bool status_only) {
    auto* urb = urb_of(u);
    std::uint8_t* buf = u.buffer->data;
    std::size_t room = static_cast<std::size_t>(std::max(urb->buffer_length, 0)), n = 0;
    std::size_t pending = status_only ? 0 : mpsse->reply_pending();
    do {
      if (room - n < 2) break;
      buf[n++] = kModemStatus0;
      buf[n++] = kModemStatus1;
      std::size_t take = std::min({pending, kPacket - 2, room - n});
      if (take) {
        mpsse->read(std::span<std::uint8_t>(buf + n, take));
        n += take;
        pending -= take;
        counters.bulk_in_bytes += take;
      }
    } while (pending > 0);
    urb->status = 0;
    urb->actual_length = static_cast<int>(n);
  }

  // One control transfer (setup in the first 8 bytes); returns the urb status.
  int control(Urb& u) {
    auto* urb = urb_of(u);
    std::uint8_t* b = u.buffer->data;
    if (urb->buffer_length < 8) return -EINVAL;
    std::uint8_t type = b[0], req = b[1];
    std::uint16_t value = static_cast<std::uint16_t>(b[2] | b[3] << 8),
                  index = static_cast<std::uint16_t>(b[4] | b[5] << 8),
                  length = static_cast<std::uint16_t>(b[6] | b[7] << 8);
    std::vector<std::uint8_t> in;
    bool ok = true;
    if (type == 0x40) {  // FTDI vendor OUT (libftdi FTDI_DEVICE_OUT_REQTYPE)
      switch (req) {
        case kSioReset:
          if (value == 0 || value == kSioTciflush) {
            std::vector<std::uint8_t> sink(mpsse->reply_pending());
            if (!sink.empty()) mpsse->read(sink);  // replies not yet taken by the host are dropped
          }
          if (value == 0 || value == kSioTcoflush) {
            // Bytes the host wrote that the MPSSE has not executed: MpsseSim executes on write, so none wait.
          }
          break;
        case kSioSetLatencyTimer:
          latency_ms = std::max<int>(1, value & 0xFF);
          break;
        case kSioSetBitmode: {
          std::uint8_t mode = static_cast<std::uint8_t>(value >> 8);
          bitmask = static_cast<std::uint8_t>(value & 0xFF);
          if (mode == kBitmodeMpsse) {
            mpsse->enter_mpsse();
            mpsse_mode = true;
          } else if (mode == kBitmodeReset) {
            mpsse_mode = false;
          } else {
            ok = false;  // other bit modes are not emulated
          }
          break;
        }
        case kSioModemCtrl:
        case kSioSetFlowCtrl:
        case kSioSetBaudrate:
        case kSioSetData:
        case kSioSetEventChar:
        case kSioSetErrorChar:
          break;
        default:
          ok = false;
      }
    } else if (type == 0xC0) {  // FTDI vendor IN
      switch (req) {
        case kSioGetLatencyTimer:
          in = {static_cast<std::uint8_t>(latency_ms)};
          break;
        case kSioPollModemStatus:
          in = {kModemStatus0, kModemStatus1};
          break;
        case kSioReadPins:
          in = {0xFF};
          break;
        case kSioReadEeprom:
          in = {0xFF, 0xFF};
          break;  // blank EEPROM
        default:
          ok = false;
      }
    } else if (type == 0x80 && req == 0x06) {  // standard GET_DESCRIPTOR
      int dtype = value >> 8, didx = value & 0xFF;
      if (dtype == 1)
        in = device_descriptor();
      else if (dtype == 2 && didx == 0)
        in = config_descriptor();
      else if (dtype == 3 && didx == 0)
        in = {0x04, 0x03, 0x09, 0x04};  // LANGID en-US
      else if (dtype == 3 && didx == 1)
        in = string_descriptor("FTDI");
      else if (dtype == 3 && didx == 2)
        in = string_descriptor("FT232H");
      else if (dtype == 3 && didx == 3)
        in = string_descriptor(spec.serial);
      else
        ok = false;
    } else if (type == 0x80 && req == 0x08) {  // GET_CONFIGURATION
      in = {0x01};
    } else if (type == 0x80 && req == 0x00) {  // GET_STATUS
      in = {0x00, 0x00};
    } else {
      ok = false;
    }
    log(fmt::format("control {:02x} {:02x} value {:04x} index {:04x} length {}{}", type, req, value, index, length,
                    ok ? "" : " -> STALL"));
    if (!ok) {
      urb->actual_length = 0;
      return -EPIPE;
    }
    std::size_t n = std::min<std::size_t>({in.size(), length, static_cast<std::size_t>(urb->buffer_length - 8)});
    std::copy_n(in.begin(), n, b + 8);
    urb->actual_length = (type & 0x80) ? static_cast<int>(n) : 0;
    return 0;
  }

  // Applies the unplug window at now(); with the mutex held.
  void update_plug_state() {
    double t = now();
    bool out = t >= unplug_from && t < unplug_to;
    if (out == unplugged) return;
    unplugged = out;
    ++generation;
    if (out) {
      // As the kernel's disconnect does (drivers/usb/core/devio.c usbdev_remove -> destroy_all_async,
      // the host controller giving back every pending URB with -ESHUTDOWN): what was in flight
      // completes, and stays reapable by the fd that submitted it.
      log("unplugged");
      for (auto& u : in_waiting) {
        urb_of(u)->status = -ESHUTDOWN;
        urb_of(u)->actual_length = 0;
        done.push_back(u);
      }
      in_waiting.clear();
    } else {
      // Back on the bus: the board lost power, so the FT232H and the chips behind it start fresh.
      log("plugged back in: power-on reset of the FT232H and its chips");
      rebuild_bus();
      for (auto& c : chips) c->power_on_reset();
      ++counters.power_on_resets;
    }
  }

  gboolean handle(UMockdevIoctlClient* client) {
    std::lock_guard lock(mutex);
    ++counters.ioctls;
    gulong request = umockdev_ioctl_client_get_request(client);
    UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
    update_plug_state();
    // One IoctlClient per open file descriptor (umockdev-ioctl.vala socket_listen): tag it with
    // the generation it was opened in.
    auto* obj = G_OBJECT(client);
    if (!g_object_get_data(obj, "wattbench-generation")) {
      g_object_set_data(obj, "wattbench-generation", GUINT_TO_POINTER(generation));
      g_object_set_data(obj, "wattbench-client", GUINT_TO_POINTER(++clients));  // unlike its address, never reused
    }
    const unsigned client_id = GPOINTER_TO_UINT(g_object_get_data(obj, "wattbench-client"));
    // devio.c usbdev_do_ioctl: "Reap operations are allowed even after disconnection" (REAPURB,
    // REAPURBNDELAY hand out completed URBs, then ENODEV); every other ioctl fails with ENODEV.
    // The reap matters: under umockdev the fd is a socket that never polls POLLERR, so libusb
    // learns of the disconnect only from its transfers completing.
    const bool gone = unplugged || GPOINTER_TO_UINT(g_object_get_data(obj, "wattbench-generation")) != generation;
    if (gone && request != USBDEVFS_REAPURB && request != USBDEVFS_REAPURBNDELAY) {
      umockdev_ioctl_client_complete(client, -1, ENODEV);
      return TRUE;
    }
    auto resolve = [&](UMockdevIoctlData* parent, std::size_t offset, std::size_t len) -> UMockdevIoctlData* {
      GError* err = nullptr;
      UMockdevIoctlData* d = umockdev_ioctl_data_resolve(parent, offset, len, &err);
      if (!d) {
        log(fmt::format("resolve failed: {}", err ? err->message : "?"));
        if (err) g_error_free(err);
      }
      return d;
    };
    switch (request) {
      case USBDEVFS_GET_CAPABILITIES: {
        UMockdevIoctlData* d = resolve(arg, 0, sizeof(std::uint32_t));
        if (!d) break;
        std::uint32_t caps = kCaps;
        std::memcpy(d->data, &caps, sizeof caps);
        g_object_unref(d);
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
      }
      case USBDEVFS_CLAIMINTERFACE:
      case USBDEVFS_RELEASEINTERFACE:
      case USBDEVFS_SETINTERFACE:
      case USBDEVFS_SETCONFIGURATION:
      case USBDEVFS_CLEAR_HALT:
      case USBDEVFS_RESETEP:
      case USBDEVFS_RESET:
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
      case USBDEVFS_GETDRIVER:
      case USBDEVFS_IOCTL:  // disconnect the kernel driver: there is none (libusb: LIBUSB_ERROR_NOT_FOUND)
        umockdev_ioctl_client_complete(client, -1, ENODATA);
        return TRUE;
      case USBDEVFS_SUBMITURB: {
        Urb u;
        u.urb = resolve(arg, 0, sizeof(usbdevfs_urb));
        if (!u.urb) break;
        auto* urb = urb_of(u);
        u.buffer =
            resolve(u.urb, offsetof(usbdevfs_urb, buffer), static_cast<std::size_t>(std::max(urb->buffer_length, 0)));
        if (!u.buffer) {
          release(u);
          break;
        }
        u.submitted_s = now();
        u.owner = client_id;
        ++counters.urbs;
        urb->status = 0;
        urb->actual_length = 0;
        if (urb->type == USBDEVFS_URB_TYPE_CONTROL && urb->endpoint == 0) {
          urb->status = control(u);
          done.push_back(u);
        } else if (urb->type == USBDEVFS_URB_TYPE_BULK && urb->endpoint == 0x02) {
          std::size_t n = static_cast<std::size_t>(urb->buffer_length);
          if (mpsse_mode && n) {
            try {
              mpsse->write(std::span<const std::uint8_t>(u.buffer->data, n));
            } catch (const std::exception& e) {
              log(fmt::format("MPSSE: {}", e.what()));
            }
          }
          counters.bulk_out_bytes += n;
          urb->actual_length = static_cast<int>(n);
          done.push_back(u);
        } else if (urb->type == USBDEVFS_URB_TYPE_BULK && urb->endpoint == 0x81) {
          in_waiting.push_back(u);
        } else {
          log(fmt::format("SUBMITURB type {} endpoint {:02x}: no such endpoint", urb->type, urb->endpoint));
          release(u);
          umockdev_ioctl_client_complete(client, -1, ENOENT);
          return TRUE;
        }
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
      }
      case USBDEVFS_REAPURB:
      case USBDEVFS_REAPURBNDELAY: {
        std::optional<Urb> ready;
        auto mine = std::find_if(done.begin(), done.end(), [&](const Urb& u) { return u.owner == client_id; });
        if (mine != done.end()) {
          ready = *mine;
          done.erase(mine);
        } else if (gone) {
          umockdev_ioctl_client_complete(client, -1, ENODEV);
          return TRUE;
        } else if (auto w = std::find_if(in_waiting.begin(), in_waiting.end(),
                                         [&](const Urb& u) { return u.owner == client_id; });
                   w != in_waiting.end()) {
          bool have = mpsse_mode && mpsse->reply_pending() > 0;
          if (have || now() - w->submitted_s >= latency_ms * 1e-3) {
            fill_in(*w, !have);
            ready = *w;
            in_waiting.erase(w);
          }
        }
        if (!ready) {  // never block the worker thread, even for REAPURB: libusb only uses NDELAY
          umockdev_ioctl_client_complete(client, -1, EAGAIN);
          return TRUE;
        }
        UMockdevIoctlData* slot = resolve(arg, 0, sizeof(void*));
        if (!slot) {
          release(*ready);
          break;
        }
        umockdev_ioctl_data_set_ptr(slot, 0, ready->urb);  // umockdev writes the URB and its buffer back
        umockdev_ioctl_client_complete(client, 0, 0);
        g_object_unref(slot);
        release(*ready);
        return TRUE;
      }
      case USBDEVFS_DISCARDURB: {
        gulong addr = 0;
        std::memcpy(&addr, arg->data, std::min<std::size_t>(sizeof addr, static_cast<std::size_t>(arg->data_len)));
        for (auto* q : {&in_waiting, &done}) {
          for (auto it = q->begin(); it != q->end(); ++it) {
            if (it->urb->client_addr != addr) continue;
            Urb u = *it;
            q->erase(it);
            urb_of(u)->status = -ENOENT;
            urb_of(u)->actual_length = 0;
            done.push_back(u);  // reaped with -ENOENT, as the kernel does for a discarded URB
            umockdev_ioctl_client_complete(client, 0, 0);
            return TRUE;
          }
        }
        umockdev_ioctl_client_complete(client, -1, EINVAL);
        return TRUE;
      }
      default:
        ++counters.unknown_ioctls;
        log(fmt::format("unhandled ioctl 0x{:x}: ENOTTY", request));
        umockdev_ioctl_client_complete(client, -1, ENOTTY);
        return TRUE;
    }
    umockdev_ioctl_client_complete(client, -1, EFAULT);
    return TRUE;
  }

  static gboolean on_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer self) {
    return static_cast<Impl*>(self)->handle(client);
  }
};

Ft232hUsbDevice::Ft232hUsbDevice(UMockdevTestbed* testbed, DeviceSpec spec, sim::RailSource& rail,
                                 std::function<double()> now, bool verbose)
    : m(std::make_unique<Impl>(testbed, std::move(spec), rail, std::move(now), verbose)) {
  std::vector<std::uint8_t> desc = device_descriptor(), cfg = config_descriptor();
  desc.insert(desc.end(), cfg.begin(), cfg.end());
  std::string extra = fmt::format(
      "A: idVendor=0403\\n\nA: idProduct=6014\\n\nA: bcdDevice=0900\\n\nA: manufacturer=FTDI\\n\n"
      "A: product=FT232H\\n\nA: serial={}\\n\n",
      m->spec.serial);
  m->syspath = sysfs_path(m->spec.bus, m->spec.address);
  m->record_text = record(m->syspath, m->spec.bus, m->spec.address, desc, extra);
  add_record(testbed, m->record_text);
  m->handler = umockdev_ioctl_base_new();
  g_signal_connect(m->handler, "handle-ioctl", G_CALLBACK(&Impl::on_ioctl), m.get());
  GError* err = nullptr;
  if (!umockdev_testbed_attach_ioctl(testbed, m->devnode.c_str(), m->handler, &err)) {
    std::string msg = err ? err->message : "?";
    if (err) g_error_free(err);
    g_object_unref(m->handler);
    throw std::runtime_error(fmt::format("umockdev: cannot attach the ioctl handler to {}: {}", m->devnode, msg));
  }
}

Ft232hUsbDevice::~Ft232hUsbDevice() {
  if (m->handler) {
    umockdev_testbed_detach_ioctl(m->testbed, m->devnode.c_str(), nullptr);
    g_object_unref(m->handler);
  }
}

void Ft232hUsbDevice::unplug(double from_s, double to_s) {
  std::lock_guard lock(m->mutex);
  m->unplug_from = from_s;
  m->unplug_to = to_s;
}

bool Ft232hUsbDevice::chip_power_loss(std::uint8_t address, double from_s, double to_s) {
  std::lock_guard lock(m->mutex);  // the handler thread drives the chips under this lock
  for (auto& c : m->chips)
    if (c->address() == address) {
      c->power_loss_between(from_s, to_s);
      return true;
    }
  return false;
}

void Ft232hUsbDevice::tick() {
  // Only sysfs here: the URB queues and the plug state change on the umockdev worker thread
  // (handle()), never under an ioctl that thread is serving. Releasing the queued URBs' umockdev
  // data from this thread left a client waiting for a reply that never came (1 run in 3 under load).
  bool present;
  {
    std::lock_guard lock(m->mutex);
    double t = m->now();
    present = !(t >= m->unplug_from && t < m->unplug_to);
  }
  if (present == m->sysfs_present) return;
  // Unplugged: gone from sysfs and /dev (libusb's enumeration no longer lists it; umockdev sends
  // the remove uevent); back: the same record again, with an add uevent.
  if (present)
    add_record(m->testbed, m->record_text);
  else
    umockdev_testbed_remove_device(m->testbed, ("/sys" + m->syspath).c_str());
  m->sysfs_present = present;
  m->log(present ? "back in sysfs and /dev" : "removed from sysfs and /dev");
}

const DeviceSpec& Ft232hUsbDevice::spec() const { return m->spec; }
std::string Ft232hUsbDevice::devnode() const { return m->devnode; }
DeviceCounters Ft232hUsbDevice::counters() const {
  std::lock_guard lock(m->mutex);
  return m->counters;
}

}  // namespace wb::usbemu
