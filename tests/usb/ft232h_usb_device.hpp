// One FT232H emulated at the usbdevfs level on a umockdev testbed, so that the REAL libftdi1 +
// libusb code (wb::LibFtdiPort) runs against our MPSSE/I2C/INA228 simulator. The process that
// links this creates the testbed; programs run with LD_PRELOAD=libumockdev-preload.so.0 and
// the testbed's UMOCKDEV_DIR see /dev/bus/usb/BBB/DDD and its sysfs record, and every ioctl
// they issue on the node arrives in this object's handler (umockdev's worker thread).
//
// Where each behaviour comes from:
// - Device record (sysfs attributes libusb reads: busnum, devnum, speed, descriptors,
//   bConfigurationValue; the N: line that makes the /dev node): /work/shared/reference/
//   usb-emulation.md, from a trial with umockdev 0.17.16, libftdi1 1.5, libusb 1.0.26.
// - Ioctls and URB life cycle (GET_CAPABILITIES, SUBMITURB, REAPURBNDELAY with
//   umockdev_ioctl_data_set_ptr, DISCARDURB matched by client address, CLAIM/RELEASE,
//   GETDRIVER and USBDEVFS_IOCTL(disconnect) answered ENODATA): libusb tag v1.0.26,
//   libusb/os/linux_usbfs.c: op_open (GET_CAPABILITIES), op_detach_kernel_driver (ENODATA ->
//   LIBUSB_ERROR_NOT_FOUND), submit_bulk_transfer (the caps decide whether a transfer is split
//   into 16 KiB URBs: we report NO_PACKET_SIZE_LIM, not BULK_CONTINUATION, so it is one URB),
//   submit_control_transfer (setup packet in the first 8 bytes), reap_for_handle (ENODEV ->
//   LIBUSB_ERROR_NO_DEVICE); and umockdev's own IoctlUsbPcapHandler (src/umockdev-pcap.vala at
//   martinpitt/umockdev 39f785a74e3f), whose URB bookkeeping this copies. One IoctlClient per
//   open file descriptor: src/umockdev-ioctl.vala socket_listen (same commit).
// - Control requests: libftdi src/ftdi.c and src/ftdi.h at mcuee/libftdi de9f01ece34d
//   (2023-12-21): SIO_RESET 0 (value 0 reset, 1 = SIO_TCOFLUSH purge the chip's RX i.e. the
//   host's written bytes, 2 = SIO_TCIFLUSH purge the chip's TX i.e. replies), MODEM_CTRL 1,
//   SET_FLOW_CTRL 2, SET_BAUDRATE 3, SET_DATA 4, POLL_MODEM_STATUS 5, SET_EVENT_CHAR 6,
//   SET_ERROR_CHAR 7, SET_LATENCY_TIMER 9, GET_LATENCY_TIMER 0x0A, SET_BITMODE 0x0B (wValue =
//   mode << 8 | mask), READ_PINS 0x0C, READ_EEPROM 0x90; vendor OUT 0x40 / IN 0xC0. libftdi
//   reads the serial with a standard GET_DESCRIPTOR(string) (libusb_get_string_descriptor_ascii).
// - Bulk IN framing: every 512-byte packet starts with two modem-status bytes (0x32 0x60 on an
//   idle FT232H); with nothing queued the chip answers a status-only packet when the latency
//   timer runs out (FTDI AN_108, AN232B-04; /work/shared/reference/hardware.md §3.7;
//   usb-emulation.md). libftdi's ftdi_read_data strips them per max_packet_size (512).
// - MPSSE bytes: wb::sim::MpsseSim (sim/i2c/mpsse_sim.cpp, FTDI AN_108).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/bench/rail_source.hpp"

typedef struct _UMockdevTestbed UMockdevTestbed;

namespace wb::usbemu {

struct ChipSpec {
  std::string kind = "ina228";
  std::uint8_t address = 0x40;
  double shunt_ohm = 0.015;
};

struct DeviceSpec {
  std::string serial;
  int bus = 1, address = 2;  // /dev/bus/usb/BBB/DDD (decimal)
  std::vector<ChipSpec> chips;
};

// "SERIAL[@BUS:ADDR]=CHIP[,CHIP...]" with CHIP "ina228:0x40[:SHUNT_OHM]"; throws std::invalid_argument.
DeviceSpec parse_device_spec(const std::string& text, int default_address);

// The root hub usb1 (libusb walks up to it for the device's parent); add once per testbed.
void add_root_hub(UMockdevTestbed* testbed, int bus = 1);

struct DeviceCounters {
  std::uint64_t ioctls = 0, urbs = 0, bulk_out_bytes = 0, bulk_in_bytes = 0, unknown_ioctls = 0, power_on_resets = 0;
};

class Ft232hUsbDevice {
 public:
  // Adds the device record to the testbed and attaches the ioctl handler. The chips read the
  // rail from `rail` (which must outlive this) on the clock `now` (steady seconds).
  Ft232hUsbDevice(UMockdevTestbed* testbed, DeviceSpec spec, sim::RailSource& rail, std::function<double()> now,
                  bool verbose = false);
  ~Ft232hUsbDevice();
  Ft232hUsbDevice(const Ft232hUsbDevice&) = delete;
  Ft232hUsbDevice& operator=(const Ft232hUsbDevice&) = delete;

  // Fault injection: unplugged while now() is in [from_s, to_s): URBs in flight complete with
  // -ESHUTDOWN and stay reapable by their fd, every other ioctl fails with ENODEV (Linux
  // drivers/usb/core/devio.c, usbdev_do_ioctl and usbdev_remove; libusb: LIBUSB_ERROR_NO_DEVICE).
  // Before this, dropped in-flight URBs left libusb reaping ENODEV forever. When it comes back, the
  // chips behind it have lost power too (the INA228 on the Adafruit boards is powered from the
  // FT232H): they get a power-on reset, and the FT232H comes up out of MPSSE mode.
  // While unplugged the device is also gone from the testbed's sysfs and /dev, so a new
  // enumeration does not list it; a file descriptor opened before an unplug stays dead (ENODEV)
  // after the replug, as on Linux. tick() applies the window to the testbed: call it often
  // (every ~10 ms) from the thread that owns the testbed.
  void unplug(double from_s, double to_s);
  // The INA228 at `address` alone loses power in [from_s, to_s) while the FT232H stays up: it
  // NACKs, then comes back from its power-on reset (sim::Ina228Model::power_loss_between).
  // Returns false when no chip sits at that address.
  bool chip_power_loss(std::uint8_t address, double from_s, double to_s);
  void tick();
  const DeviceSpec& spec() const;
  std::string devnode() const;
  DeviceCounters counters() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

}  // namespace wb::usbemu
